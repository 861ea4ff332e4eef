// The development outbox: mounted only in development mode without SMTP, never in production.
// It holds reset codes and invitation links, so it answers only a client on this machine
// (loopback), even when HOST makes development mode listen on the network.
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext } from "./page.ts";
import { renderError } from "./errors.tsx";
import { clientAddress } from "./middleware/client-address.ts";
import { isLoopbackAddress } from "../lib/cidr.ts";
import { listOutbox } from "../db/outgoing-mails.ts";
import { DevOutboxPage } from "../views/dev-outbox-page.tsx";

export function devOutboxRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/dev/outbox", async (c) => {
    if (!isLoopbackAddress(clientAddress(c))) {
      return renderError(c, 404, "error.notFound.title", "error.notFound.body");
    }
    const mails = await listOutbox(c.var.deps.db);
    return c.html(<DevOutboxPage page={pageContext(c)} mails={mails} />);
  });
  return app;
}
