// The practice's access control pages, mounted together: the policy, browser approval, four eyes.
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";
import { accessPolicyRoutes } from "./access-policy.tsx";
import { browserApprovalRoutes } from "./browser-approval.tsx";
import { approvalRoutes } from "./approvals.tsx";

export function practiceAccessRoutes() {
  const app = new Hono<AppEnv>();
  app.route("/", accessPolicyRoutes());
  app.route("/", browserApprovalRoutes());
  app.route("/", approvalRoutes());
  return app;
}
