// Whether a membership gives access right now: active, not ended, before its end date (a
// Berlin calendar day), in a practice that is not locked.
import { berlinDate } from "./clock.ts";

export interface MembershipState {
  status: "active" | "locked" | null;
  ended_at: Date | null;
  ends_on: Date | string | null;
  practice_status: "active" | "locked" | null;
}

function day(value: Date | string): string {
  return typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

export function membershipIsCurrent(membership: MembershipState, now: Date): boolean {
  return membership.status === "active" && membership.ended_at === null &&
    membership.practice_status === "active" &&
    (membership.ends_on === null || day(membership.ends_on) >= berlinDate(now));
}
