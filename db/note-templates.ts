// The practice's documentation templates (plain headings an entry is written under) and its
// finalizing period. Templates are archived, never deleted: entries keep pointing at them.
import type { Selectable } from "kysely";
import type { Db } from "./database.ts";
import type { PracticeScope } from "./practice-scope.ts";
import type { NoteTemplatesTable } from "./schema-documentation.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";

export type NoteTemplate = Selectable<NoteTemplatesTable>;

export interface TemplateInput {
  name: string;
  headings: string[];
}

/** The practice's templates by name; archived ones only when asked for. */
export async function listTemplates(
  db: Db,
  scope: Pick<PracticeScope, "practiceId">,
  options: { includeArchived?: boolean } = {},
): Promise<NoteTemplate[]> {
  let query = db.selectFrom("note_templates").selectAll().where("practice_id", "=", scope.practiceId);
  if (!options.includeArchived) query = query.where("archived_at", "is", null);
  return await query.orderBy("archived_at", (ob) => ob.nullsFirst()).orderBy("name").orderBy("id").execute();
}

export async function findTemplate(
  db: Db,
  scope: Pick<PracticeScope, "practiceId">,
  templateId: string,
): Promise<NoteTemplate | undefined> {
  return await db.selectFrom("note_templates").selectAll()
    .where("practice_id", "=", scope.practiceId).where("id", "=", templateId).executeTakeFirst();
}

export async function createTemplate(db: Db, scope: PracticeScope, input: TemplateInput, facts: RequestFacts) {
  return await db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto("note_templates").values({
      practice_id: scope.practiceId,
      name: input.name,
      headings: input.headings,
      created_by: scope.accountId,
      created_at: facts.now,
      updated_at: facts.now,
    }).returning("id").executeTakeFirstOrThrow();
    await appendAuditEvent(
      trx,
      templateEvent(scope, "note_template.created", id, facts, { headings: input.headings.length }),
    );
    return id;
  });
}

/** Renames a template or changes its headings; entries already written keep theirs. */
export async function updateTemplate(
  db: Db,
  scope: PracticeScope,
  templateId: string,
  input: TemplateInput,
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable("note_templates")
      .set({ name: input.name, headings: input.headings, updated_at: facts.now })
      .where("practice_id", "=", scope.practiceId).where("id", "=", templateId).executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return false;
    await appendAuditEvent(
      trx,
      templateEvent(scope, "note_template.updated", templateId, facts, { headings: input.headings.length }),
    );
    return true;
  });
}

/** Archives (or restores) a template: archived ones are no longer offered for new entries. */
export async function setTemplateArchived(
  db: Db,
  scope: PracticeScope,
  templateId: string,
  archived: boolean,
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable("note_templates")
      .set({ archived_at: archived ? facts.now : null, updated_at: facts.now })
      .where("practice_id", "=", scope.practiceId).where("id", "=", templateId)
      .where("archived_at", archived ? "is" : "is not", null).executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return false;
    await appendAuditEvent(
      trx,
      templateEvent(scope, archived ? "note_template.archived" : "note_template.restored", templateId, facts),
    );
    return true;
  });
}

function templateEvent(
  scope: PracticeScope,
  action: string,
  templateId: string,
  facts: RequestFacts,
  details?: Record<string, number>,
) {
  return {
    practiceId: scope.practiceId,
    action,
    actorAccountId: scope.accountId,
    subjectType: "note_template",
    subjectId: templateId,
    details,
    requestId: facts.requestId,
    occurredAt: facts.now,
  };
}

/** Hours after the appointment (or the writing) until a draft is finalized automatically. */
export async function finalizePeriodHours(db: Db, scope: Pick<PracticeScope, "practiceId">): Promise<number> {
  const row = await db.selectFrom("practices").select("notes_finalize_after_hours")
    .where("id", "=", scope.practiceId).executeTakeFirstOrThrow();
  return row.notes_finalize_after_hours;
}

/**
 * Sets the period for drafts written from now on; drafts already written keep the time they
 * were given (their authors were told it).
 */
export async function setFinalizePeriod(db: Db, scope: PracticeScope, hours: number, facts: RequestFacts) {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("practices").select("notes_finalize_after_hours")
      .where("id", "=", scope.practiceId).forUpdate().executeTakeFirstOrThrow();
    if (before.notes_finalize_after_hours === hours) return;
    await trx.updateTable("practices").set({ notes_finalize_after_hours: hours })
      .where("id", "=", scope.practiceId).execute();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "practice.notes_finalize_period_changed",
      actorAccountId: scope.accountId,
      subjectType: "practice",
      subjectId: scope.practiceId,
      details: { from: before.notes_finalize_after_hours, to: hours },
      requestId: facts.requestId,
      occurredAt: facts.now,
    });
  });
}
