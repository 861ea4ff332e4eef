// Who may approve in a practice: its owners, and the members an owner designated
// (memberships.approves_browsers). They decide new browsers and four-eyes requests; nobody
// ever decides their own.
import type { Transaction } from "kysely";
import type { Database } from "./schema.ts";
import type { Db } from "./database.ts";
import { membershipIsCurrent } from "../lib/membership-status.ts";

export interface Approver {
  accountId: string;
  email: string;
  name: string;
  language: "de" | "en";
  role: Database["memberships"]["role"];
}

/** The current approvers of a practice; owners only when `ownersOnly` (an owner's own browsers). */
export async function listApprovers(
  db: Db | Transaction<Database>,
  practiceId: string,
  now: Date,
  options: { ownersOnly?: boolean; except?: string } = {},
): Promise<Approver[]> {
  let query = db.selectFrom("memberships")
    .innerJoin("accounts", "accounts.id", "memberships.account_id")
    .innerJoin("practices", "practices.id", "memberships.practice_id")
    .select([
      "memberships.account_id",
      "memberships.role",
      "memberships.status",
      "memberships.ended_at",
      "memberships.ends_on",
      "practices.status as practice_status",
      "accounts.email",
      "accounts.name",
      "accounts.language",
      "accounts.status as account_status",
    ])
    .where("memberships.practice_id", "=", practiceId)
    .where((eb) =>
      options.ownersOnly
        ? eb("memberships.role", "=", "owner")
        : eb.or([eb("memberships.role", "=", "owner"), eb("memberships.approves_browsers", "=", true)])
    );
  if (options.except) query = query.where("memberships.account_id", "!=", options.except);
  const rows = await query.orderBy("accounts.name").execute();
  return rows.filter((row) => row.account_status === "active" && membershipIsCurrent(row, now)).map((row) => ({
    accountId: row.account_id,
    email: row.email,
    name: row.name,
    language: row.language,
    role: row.role,
  }));
}

/** Whether the person may approve in this practice at all (owner or designated). */
export async function isApprover(
  db: Db | Transaction<Database>,
  practiceId: string,
  accountId: string,
  now: Date,
  options: { ownersOnly?: boolean } = {},
): Promise<boolean> {
  return (await listApprovers(db, practiceId, now, options)).some((a) => a.accountId === accountId);
}
