// § 2 Abs. 2 GOÄ: a fee agreement names the number of the service and the agreed factor, so it
// unlocks that factor for that number only. Agreements recorded before held neither and unlock
// nothing any more; the practice records them again with number and factor.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`alter table fee_agreements add column goae_code text not null default ''
      check (length(goae_code) <= 20)`,
    sql`alter table fee_agreements add column factor_hundredths integer
      check (factor_hundredths is null or factor_hundredths between 100 and 2000)`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`alter table fee_agreements drop column factor_hundredths`,
    sql`alter table fee_agreements drop column goae_code`,
  ];
  for (const statement of statements) await statement.execute(db);
}
