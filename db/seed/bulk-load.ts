// Bulk loading into bare tables: maintaining the calendar's GiST indexes and checking every
// foreign key row by row costs several times more than building the indexes once afterwards
// and validating each foreign key with one join. Definitions are read from the catalogue (so
// whatever later migrations add comes back exactly as it was), dropped, and recreated from those
// definitions; primary keys and unique constraints stay. Re-adding a foreign key validates every
// row, so the generated data is checked as strictly as row by row.
import { sql } from "kysely";
import type { Db } from "../database.ts";

export interface BareTables {
  indexes: number;
  foreignKeys: number;
  /** Builds the indexes again (two at a time: one per CPU of a small server), then the foreign keys. */
  restore(): Promise<void>;
}

export async function bareTables(db: Db, tables: string[]): Promise<BareTables> {
  const indexes = (await sql<{ name: string; definition: string }>`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i join pg_class t on t.oid = i.indrelid join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = current_schema() and t.relname = any(${tables}::text[])
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
    order by 1
  `.execute(db)).rows;
  const foreignKeys = (await sql<{ table: string; name: string; definition: string }>`
    select t.relname as table, c.conname as name, pg_get_constraintdef(c.oid) as definition
    from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = current_schema() and t.relname = any(${tables}::text[]) and c.contype = 'f'
    order by 1, 2
  `.execute(db)).rows;
  for (const key of foreignKeys) {
    await sql`alter table ${sql.id(key.table)} drop constraint ${sql.id(key.name)}`.execute(db);
  }
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(db);
  let restored = false;
  return {
    indexes: indexes.length,
    foreignKeys: foreignKeys.length,
    async restore() {
      if (restored) return;
      restored = true;
      // The slow builds (GiST, GIN) first, so they run side by side.
      const cost = (definition: string) => /USING (gist|gin)/.test(definition) ? 0 : 1;
      const queue = indexes.toSorted((a, b) => cost(a.definition) - cost(b.definition));
      const worker = async () => {
        for (let index = queue.shift(); index; index = queue.shift()) {
          const { definition } = index;
          await db.transaction().execute(async (trx) => {
            await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
            await sql.raw(definition).execute(trx);
          });
        }
      };
      await Promise.all([worker(), worker()]);
      for (const key of foreignKeys) {
        await sql`alter table ${sql.id(key.table)} add constraint ${sql.id(key.name)} ${sql.raw(key.definition)}`
          .execute(db);
      }
    },
  };
}
