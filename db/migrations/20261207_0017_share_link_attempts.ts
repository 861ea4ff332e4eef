// Wrong share-link codes are counted per link and client address (an IPv6 /64), so guesses from
// one place lock out that place (15 minutes, doubling on each repeat) instead of killing the
// link for the rightful recipient. share_links.failed_code_attempts stays as the link's ceiling
// across all addresses.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table share_link_attempts (
    share_link_id uuid not null references share_links (id),
    practice_id uuid not null references practices (id),
    address text not null,
    failures integer not null default 0 check (failures >= 0),
    lockouts integer not null default 0,
    locked_until timestamptz,
    updated_at timestamptz not null,
    primary key (share_link_id, address)
  )`.execute(db);
  await sql`create index share_link_attempts_updated on share_link_attempts (updated_at)`.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table share_link_attempts`.execute(db);
}
