// The terms of use in force (the latest published version), readable before registering, and
// accepting or objecting to a new version after sign-in.
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext } from "./page.ts";
import { CURRENT_TERMS } from "../lib/terms.ts";
import { currentTerms } from "../db/terms.ts";
import { TermsPage } from "../views/terms-page.tsx";
import { termsAcceptanceRoutes } from "./terms-acceptance.tsx";

export function termsRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/terms", async (c) => {
    const terms = await currentTerms(c.var.deps.db) ?? CURRENT_TERMS;
    return c.html(<TermsPage page={pageContext(c)} terms={terms} />);
  });
  app.route("/", termsAcceptanceRoutes());
  return app;
}
