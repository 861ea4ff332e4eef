// Browser approval: the page a held browser waits on (htmx polls it, without JavaScript it
// reloads itself), and the list where approvers approve or deny new browsers and anyone
// revokes their own. An emailed link leads to /practice/browsers/:id, behind the sign-in.
import { Hono } from "hono";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceActor, requestFacts } from "./page.ts";
import { authorize, requireCompleteSession, requireFactorManagement } from "./middleware/access.ts";
import { admitToPractice } from "./middleware/practice-admission.ts";
import { type BrowserDecision, decideBrowser, listBrowsers } from "../db/browsers.ts";
import { loadAccessPolicy } from "../db/network-policy.ts";
import { BrowserWaitingPage } from "../views/practice/browser-waiting-page.tsx";
import { BrowsersPage } from "../views/practice/browsers-page.tsx";
import { isUuid } from "../lib/uuid.ts";

const DECISIONS: readonly BrowserDecision[] = ["approve", "deny", "revoke"];
const RELOAD_SECONDS = 15;

export function browserApprovalRoutes() {
  const app = new Hono<AppEnv>();
  app.use("/browser-approval", requireCompleteSession());
  app.use("/browser-approval/*", requireCompleteSession());

  app.get("/browser-approval", async (c) => {
    const practice = c.var.session!.practice;
    if (!practice) return c.redirect("/practices", 303);
    const admission = await admitToPractice(c);
    if (admission.kind === "admitted") return c.redirect("/", 303);
    if (admission.kind === "refused") return admission.response;
    c.header("Refresh", String(RELOAD_SECONDS));
    return c.html(<BrowserWaitingPage page={pageContext(c)} practiceName={practice.name} />);
  });

  // htmx's poll: nothing to swap while waiting; once decided, the whole page moves on.
  app.get("/browser-approval/status", async (c) => {
    if (!c.var.session!.practice) return c.redirect("/practices", 303);
    const admission = await admitToPractice(c);
    if (admission.kind === "waiting") return c.body(null, 204);
    const target = admission.kind === "admitted" ? "/" : "/browser-approval";
    if (!c.req.header("HX-Request")) return c.redirect(target, 303);
    c.header("HX-Redirect", target);
    return c.body(null, 200);
  });

  const browsersPage = async (c: Context<AppEnv>, requestedId: string | null) => {
    const { db, clock } = c.var.deps;
    const scope = practiceActor(c);
    const browsers = await listBrowsers(db, scope, clock.now());
    if (requestedId && !browsers.some((browser) => browser.id === requestedId)) return c.notFound();
    const done = c.req.query("done") as BrowserDecision | undefined;
    return c.html(
      <BrowsersPage
        page={pageContext(c)}
        browsers={browsers}
        policyOn={(await loadAccessPolicy(db, scope)).browserApproval}
        requestedId={requestedId}
        notice={done && DECISIONS.includes(done) ? done : null}
      />,
    );
  };

  app.get("/practice/browsers", authorize("practice.home"), (c) => browsersPage(c, null));

  app.get("/practice/browsers/:id", authorize("practice.home"), (c) => {
    const id = c.req.param("id");
    return isUuid(id) ? browsersPage(c, id) : c.notFound();
  });

  app.post(
    "/practice/browsers/:id/:decision{approve|deny|revoke}",
    authorize("practice.home"),
    requireFactorManagement(),
    async (c) => {
      const id = c.req.param("id");
      const decision = c.req.param("decision") as BrowserDecision;
      if (!isUuid(id)) return c.notFound();
      const decided = await decideBrowser(c.var.deps.db, practiceActor(c), id, decision, requestFacts(c));
      if (!decided) return c.notFound();
      return c.redirect(`/practice/browsers?done=${decision}`, 303);
    },
  );

  return app;
}
