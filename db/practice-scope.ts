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
