// Who acts in which practice: every query of the clinical areas takes this as an explicit
// argument and filters by its practice id, so another practice's rows are simply not found.
import type { Role } from "../lib/permissions.ts";

export interface PracticeScope {
  practiceId: string;
  accountId: string;
  membershipId: string;
  role: Role;
  areas: string[];
}

/**
 * Who acts in which practice, where the role does not matter because the route has already
 * authorized the action (the owner's team, access policy, approvals): the practice every query
 * filters by and the account the audit names. Every PracticeScope is one.
 */
export type PracticeActor = Pick<PracticeScope, "practiceId" | "accountId">;
