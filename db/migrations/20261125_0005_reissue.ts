// Re-issuing access after a loss: an invitation can stand for an existing member's new
// credentials (it names their account), and accepting it opens a session that may enrol
// exactly one new second factor although the person's old factors exist (all locked).
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (
    const statement of [
      sql`alter table invitations add column reissue_account_id uuid references accounts (id)`,
      sql`alter table sessions drop constraint sessions_purpose_check`,
      sql`alter table sessions add constraint sessions_purpose_check
        check (purpose in ('sign_in', 'password_reset', 'enrolment'))`,
    ]
  ) await statement.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (
    const statement of [
      sql`delete from sessions where purpose = 'enrolment'`,
      sql`alter table sessions drop constraint sessions_purpose_check`,
      sql`alter table sessions add constraint sessions_purpose_check check (purpose in ('sign_in', 'password_reset'))`,
      sql`alter table invitations drop column reissue_account_id`,
    ]
  ) await statement.execute(db);
}
