// The development outbox: mounted only in development mode without SMTP, never in production.
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext } from "./page.ts";
import { listOutbox } from "../db/outgoing-mails.ts";
import { DevOutboxPage } from "../views/dev-outbox-page.tsx";

export function devOutboxRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/dev/outbox", async (c) => {
    const mails = await listOutbox(c.var.deps.db);
    return c.html(<DevOutboxPage page={pageContext(c)} mails={mails} />);
  });
  return app;
}
