// Four-eyes requests: approvers see what waits for a second person and approve (which carries
// the action out in the same transaction) or reject it; a requester can withdraw their own.
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceActor, requestFacts } from "./page.ts";
import { authorize, requireFactorManagement } from "./middleware/access.ts";
import { decideApproval, listApprovals } from "../db/four-eyes.ts";
import "../db/four-eyes-actions.ts";
import { type ApprovalNotice, ApprovalsPage } from "../views/practice/approvals-page.tsx";
import { isUuid } from "../lib/uuid.ts";

const NOTICES: readonly ApprovalNotice[] = ["executed", "rejected", "withdrawn", "ownRequest"];

export function approvalRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/practice/approvals", authorize("practice.home"), async (c) => {
    const { db, clock } = c.var.deps;
    const notice = c.req.query("done") as ApprovalNotice | undefined;
    return c.html(
      <ApprovalsPage
        page={pageContext(c)}
        requests={await listApprovals(db, practiceActor(c), clock.now())}
        notice={notice && NOTICES.includes(notice) ? notice : null}
      />,
    );
  });

  app.post(
    "/practice/approvals/:id/:decision{approve|reject|withdraw}",
    authorize("practice.home"),
    requireFactorManagement(),
    async (c) => {
      const id = c.req.param("id");
      const decision = c.req.param("decision") as "approve" | "reject" | "withdraw";
      if (!isUuid(id)) return c.notFound();
      const outcome = await decideApproval(c.var.deps.db, practiceActor(c), id, decision, requestFacts(c));
      if (outcome === "not_found") return c.notFound();
      // Locking the whole practice ends the approver's own session too: the sign-in page follows.
      return c.redirect(`/practice/approvals?done=${outcome === "own_request" ? "ownRequest" : outcome}`, 303);
    },
  );

  return app;
}
