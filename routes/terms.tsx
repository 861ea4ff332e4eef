// The current terms of use, readable before registering.
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext } from "./page.ts";
import { CURRENT_TERMS } from "../lib/terms.ts";
import { TermsPage } from "../views/terms-page.tsx";

export function termsRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/terms", (c) => c.html(<TermsPage page={pageContext(c)} terms={CURRENT_TERMS} />));
  return app;
}
