// In-app notices: /notices lists what waits for the person's decision, /notices/badge is the
// header's count (htmx polls it; one statement). Everyone in a practice may look; for someone
// who approves nothing, nothing waits.
import { Hono, type MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env.ts";
import { authorize } from "./middleware/access.ts";
import { pageContext, practiceScope } from "./page.ts";
import { listNotices, noticeCounts, noticeTotal } from "../db/notices.ts";
import { NoticesPage } from "../views/notices/notices-page.tsx";
import { NoticesBadge } from "../views/notices/notices-link.tsx";

/**
 * A poll from a page whose session has ended (or must first do something else): nothing to swap
 * (204, which htmx leaves alone), not the sign-in page inside the header.
 */
const quietPoll: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.res.status >= 300 && c.res.status < 400) c.res = new Response(null, { status: 204 });
};

export function noticeRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/notices", authorize("practice.home"), async (c) => {
    const { db, clock } = c.var.deps;
    const list = await listNotices(db, practiceScope(c), clock.now());
    return c.html(<NoticesPage page={pageContext(c)} list={list} />);
  });

  app.get("/notices/badge", quietPoll, authorize("practice.home"), async (c) => {
    const approves = c.var.session!.practice!.approves;
    const count = approves
      ? noticeTotal(await noticeCounts(c.var.deps.db, practiceScope(c), c.var.deps.clock.now()))
      : 0;
    // Never stored: the count changes with every decision.
    c.header("Cache-Control", "no-store");
    return c.html(<NoticesBadge page={pageContext(c)} count={count} />);
  });

  return app;
}
