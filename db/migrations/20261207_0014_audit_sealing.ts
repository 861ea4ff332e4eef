// Audit events are written without their place in the chain and sealed afterwards. An append
// is one plain INSERT in the transaction of the change it records (no lock, no read of the last
// event), so audited requests of one practice no longer wait for each other; a sealer in every
// app process assigns sequence, previous hash and hash in order under a short per-chain lock.
// The database still refuses DELETE and TRUNCATE, and every UPDATE except the one sealing
// update of an unsealed row that sets only the chain columns: a sealed row never changes again.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`alter table audit_events alter column sequence drop not null,
      alter column previous_hash drop not null, alter column hash drop not null`,
    sql`alter table audit_events add constraint audit_events_sealed_whole check (
      (sequence is null) = (previous_hash is null) and (sequence is null) = (hash is null))`,
    // What the sealer looks for, by chain and in insertion order.
    sql`create index audit_events_unsealed on audit_events (practice_id, id) where sequence is null`,
    sql`create function audit_events_allow_sealing_only() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and old.sequence is null and new.sequence is not null
          and (new.id, new.practice_id, new.occurred_at, new.action, new.actor_account_id, new.subject_type,
            new.subject_id, new.request_id, new.details)
          is not distinct from (old.id, old.practice_id, old.occurred_at, old.action, old.actor_account_id,
            old.subject_type, old.subject_id, old.request_id, old.details) then
          return new;
        end if;
        raise exception 'audit_events is append-only: % is not allowed', tg_op
          using errcode = 'insufficient_privilege';
      end
    $$`,
    sql`drop trigger audit_events_no_update_or_delete on audit_events`,
    sql`create trigger audit_events_no_update_or_delete before update or delete on audit_events
      for each row execute function audit_events_allow_sealing_only()`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// Only while every event is sealed: the old schema has no place for an unsealed one.
// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`drop trigger audit_events_no_update_or_delete on audit_events`,
    sql`create trigger audit_events_no_update_or_delete before update or delete on audit_events
      for each row execute function audit_events_reject_change()`,
    sql`drop function audit_events_allow_sealing_only()`,
    sql`drop index audit_events_unsealed`,
    sql`alter table audit_events drop constraint audit_events_sealed_whole`,
    sql`alter table audit_events alter column sequence set not null,
      alter column previous_hash set not null, alter column hash set not null`,
  ];
  for (const statement of statements) await statement.execute(db);
}
