// Amendments (Nachträge): the only way to correct a finalized entry. Each is encrypted like the
// entry, names its author, time and reason, and can never change (the database refuses it).
import type { Db } from "./database.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { currentDataKey, retryOnRetiredKey } from "./practice-keys.ts";
import { amendmentAssociatedData, type NoteField, sealJson } from "../lib/note-content.ts";
import { noteAudit } from "./notes.ts";
import type { RequestFacts } from "./audit.ts";

/** Adds an amendment to a finalized entry; the entry itself stays as it was. */
export async function amendNote(
  db: Db,
  masterKey: Uint8Array,
  scope: PracticeScope,
  noteId: string,
  input: { reason: string; fields: NoteField[] },
  facts: RequestFacts,
): Promise<"ok" | "unknown" | "draft"> {
  const id = crypto.randomUUID();
  return await retryOnRetiredKey(async () => {
    const dataKey = await currentDataKey(db, masterKey, scope.practiceId);
    const ciphertext = await sealJson(
      dataKey.key,
      { reason: input.reason, fields: input.fields },
      amendmentAssociatedData(scope.practiceId, id),
    );
    return await db.transaction().execute(async (trx) => {
      const note = await trx.selectFrom("notes").select(["id", "patient_id", "status"])
        .where("practice_id", "=", scope.practiceId).where("id", "=", noteId).executeTakeFirst();
      if (!note) return "unknown" as const;
      if (note.status !== "final") return "draft" as const;
      await trx.insertInto("note_amendments").values({
        id,
        practice_id: scope.practiceId,
        note_id: noteId,
        author_id: scope.accountId,
        content_ciphertext: ciphertext,
        key_version: dataKey.version,
        created_at: facts.now,
      }).execute();
      await noteAudit(trx, scope, facts, "note.amended", noteId, { patientId: note.patient_id, amendmentId: id });
      return "ok" as const;
    });
  });
}
