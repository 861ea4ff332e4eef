// Choosing the practice to work in: a session carries exactly one.
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, requestFacts } from "./page.ts";
import { requireCompleteSession } from "./middleware/access.ts";
import { writeCookie } from "./middleware/cookies.ts";
import { admitNewSession } from "./middleware/practice-admission.ts";
import { choosePractice, currentMemberships } from "../db/memberships.ts";
import { PracticesPage } from "../views/practices-page.tsx";
import { isUuid } from "../lib/uuid.ts";

export function practiceRoutes() {
  const app = new Hono<AppEnv>();
  app.use("/practices", requireCompleteSession());
  app.use("/practices/*", requireCompleteSession());

  app.get("/practices", async (c) => {
    const { db, clock } = c.var.deps;
    const memberships = await currentMemberships(db, c.var.session!.account.id, clock.now());
    return c.html(<PracticesPage page={pageContext(c)} memberships={memberships} />);
  });

  app.post("/practices/:id/choose", async (c) => {
    const session = c.var.session!;
    const practiceId = c.req.param("id");
    if (!isUuid(practiceId)) return c.notFound();
    const { db, config } = c.var.deps;
    const token = await choosePractice(db, {
      accountId: session.account.id,
      tokenHash: session.tokenHash,
      secondFactorAt: session.secondFactorAt!,
      practiceId,
    }, requestFacts(c));
    if (!token) return c.notFound();
    writeCookie(c, config, "session", token);
    const admission = await admitNewSession(c, token);
    if (admission.kind === "refused") return admission.response;
    return c.redirect("/", 303);
  });

  return app;
}
