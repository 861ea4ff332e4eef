// Rotating a practice's data key: a new key version (wrapped by the master key) takes over new
// data at once; then everything sealed with an older version is re-encrypted in small
// batches (document chunks and names, notes and amendments), each batch its own short
// transaction so the practice keeps working; finally the old versions that nothing uses any
// more are retired. A rotation that was interrupted is resumed by the next one instead of
// starting yet another key.
import { sql } from "kysely";
import type { Transaction } from "kysely";
import type { Database } from "./schema.ts";
import type { Db } from "./database.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { type DataKey, dataKeyOwner, dataKeyVersion } from "./practice-keys.ts";
import { chunkAssociatedData, fileNameAssociatedData } from "./documents.ts";
import { amendmentAssociatedData, noteAssociatedData } from "../lib/note-content.ts";
import { createWrappedDataKey, decryptBytes, encryptBytes } from "../lib/envelope-encryption.ts";

// 32 chunks of 256 KiB: about 8 MiB of ciphertext in memory per batch.
const CHUNK_BATCH = 32;
const NAME_BATCH = 200;

export interface RotationResult {
  version: number;
  documentChunks: number;
  notes: number;
  retiredVersions: number[];
}

export interface DataKeyVersionRow {
  version: number;
  createdAt: Date;
  retiredAt: Date | null;
}

export async function listDataKeyVersions(db: Db, practiceId: string): Promise<DataKeyVersionRow[]> {
  const rows = await db.selectFrom("practice_keys").select(["version", "created_at", "retired_at"])
    .where("practice_id", "=", practiceId).orderBy("version", "desc").execute();
  return rows.map((row) => ({ version: row.version, createdAt: row.created_at, retiredAt: row.retired_at }));
}

export async function rotateDataKey(
  db: Db,
  masterKey: Uint8Array,
  scope: PracticeScope,
  facts: RequestFacts,
): Promise<RotationResult> {
  const practiceId = scope.practiceId;
  const version = await newestKeyVersion(db, masterKey, scope, facts);
  const target: DataKey = { version, key: await dataKeyVersion(db, masterKey, practiceId, version) };
  // Every version is unwrapped up front: the batches run in transactions, and on embedded PGlite
  // (one connection) a key lookup on `db` inside one would wait for that connection forever.
  const keys = new Map<number, Uint8Array>();
  for (
    const { version: v } of await db.selectFrom("practice_keys").select("version").where("practice_id", "=", practiceId)
      .execute()
  ) {
    keys.set(v, await dataKeyVersion(db, masterKey, practiceId, v));
  }
  const keyOf = (v: number) => {
    const key = keys.get(v);
    return key ? Promise.resolve(key) : Promise.reject(new Error(`no key version ${v}`));
  };

  let documentChunks = 0;
  for (;;) {
    const moved = await reencryptChunkBatch(db, practiceId, target, keyOf);
    if (moved === 0) break;
    documentChunks += moved;
  }
  while (await reencryptNameBatch(db, practiceId, target, keyOf) > 0);

  let notes = 0;
  for (const from of await olderVersionsInUse(db, practiceId, version)) {
    const fromKey: DataKey = { version: from, key: await keyOf(from) };
    for (;;) {
      const moved = await db.transaction().execute((trx) => reencryptNotes(trx, practiceId, fromKey, target));
      if (moved === 0) break;
      notes += moved;
    }
  }

  const retired = await db.updateTable("practice_keys").set({ retired_at: facts.now })
    .where("practice_id", "=", practiceId).where("version", "<", version).where("retired_at", "is", null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(
        selectFrom("document_chunks").select(sql`1`.as("one"))
          .where("document_chunks.practice_id", "=", practiceId)
          .whereRef("document_chunks.key_version", "=", "practice_keys.version")
          .union(
            selectFrom("documents").select(sql`1`.as("one")).where("documents.practice_id", "=", practiceId)
              .whereRef("documents.key_version", "=", "practice_keys.version"),
          )
          .union(
            selectFrom("notes").select(sql`1`.as("one")).where("notes.practice_id", "=", practiceId)
              .whereRef("notes.key_version", "=", "practice_keys.version"),
          )
          .union(
            selectFrom("note_amendments").select(sql`1`.as("one")).where("note_amendments.practice_id", "=", practiceId)
              .whereRef("note_amendments.key_version", "=", "practice_keys.version"),
          ),
      ))
    )
    .returning("version").execute();
  return { version, documentChunks, notes, retiredVersions: retired.map((row) => row.version).sort() };
}

/**
 * The version to rotate to: a new one, unless an unfinished rotation left a newer version
 * beside older ones that are not retired yet. Creating a version is audited.
 */
async function newestKeyVersion(db: Db, masterKey: Uint8Array, scope: PracticeScope, facts: RequestFacts) {
  return await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${"data-key:" + scope.practiceId}, 0))`.execute(trx);
    const active = await trx.selectFrom("practice_keys").select("version")
      .where("practice_id", "=", scope.practiceId).where("retired_at", "is", null)
      .orderBy("version", "desc").execute();
    if (active.length > 1) return active[0].version;
    const last = await trx.selectFrom("practice_keys").select(sql<number>`max(version)`.as("version"))
      .where("practice_id", "=", scope.practiceId).executeTakeFirstOrThrow();
    const version = Number(last.version) + 1;
    await trx.insertInto("practice_keys").values({
      practice_id: scope.practiceId,
      version,
      wrapped_key: await createWrappedDataKey(masterKey, dataKeyOwner(scope.practiceId, version)),
      created_at: facts.now,
    }).execute();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "data_key.rotated",
      actorAccountId: scope.accountId,
      subjectType: "practice",
      subjectId: scope.practiceId,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: { version, previous_version: Number(last.version) },
    });
    return version;
  });
}

async function reencryptChunkBatch(
  db: Db,
  practiceId: string,
  target: DataKey,
  keyOf: (version: number) => Promise<Uint8Array>,
): Promise<number> {
  return await db.transaction().execute(async (trx) => {
    const chunks = await trx.selectFrom("document_chunks")
      .innerJoin("documents", "documents.id", "document_chunks.document_id")
      .select([
        "document_chunks.document_id",
        "document_chunks.chunk_index",
        "document_chunks.key_version",
        "document_chunks.ciphertext",
        "documents.chunk_count",
      ])
      .where("document_chunks.practice_id", "=", practiceId)
      .where("document_chunks.key_version", "<>", target.version)
      .orderBy("document_chunks.document_id").orderBy("document_chunks.chunk_index")
      .limit(CHUNK_BATCH).forUpdate("document_chunks").execute();
    for (const chunk of chunks) {
      const associatedData = chunkAssociatedData(
        practiceId,
        chunk.document_id,
        chunk.chunk_index,
        chunk.chunk_index === chunk.chunk_count - 1,
      );
      const plain = await decryptBytes(await keyOf(chunk.key_version), chunk.ciphertext, associatedData);
      await trx.updateTable("document_chunks")
        .set({ ciphertext: await encryptBytes(target.key, plain, associatedData), key_version: target.version })
        .where("document_id", "=", chunk.document_id).where("chunk_index", "=", chunk.chunk_index).execute();
    }
    return chunks.length;
  });
}

async function reencryptNameBatch(
  db: Db,
  practiceId: string,
  target: DataKey,
  keyOf: (version: number) => Promise<Uint8Array>,
): Promise<number> {
  return await db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom("documents").select(["id", "key_version", "file_name_ciphertext"])
      .where("practice_id", "=", practiceId).where("key_version", "<>", target.version)
      .limit(NAME_BATCH).forUpdate().execute();
    for (const row of rows) {
      const associatedData = fileNameAssociatedData(practiceId, row.id);
      const plain = await decryptBytes(await keyOf(row.key_version), row.file_name_ciphertext, associatedData);
      await trx.updateTable("documents")
        .set({
          file_name_ciphertext: await encryptBytes(target.key, plain, associatedData),
          key_version: target.version,
        })
        .where("id", "=", row.id).execute();
    }
    return rows.length;
  });
}

/** The older versions notes or amendments are still sealed with. */
async function olderVersionsInUse(db: Db, practiceId: string, version: number): Promise<number[]> {
  const rows = await db.selectFrom("notes").select("key_version").distinct()
    .where("practice_id", "=", practiceId).where("key_version", "<>", version)
    .union(
      db.selectFrom("note_amendments").select("key_version").distinct()
        .where("practice_id", "=", practiceId).where("key_version", "<>", version),
    )
    .execute();
  return rows.map((row) => row.key_version);
}

/**
 * Re-encrypts up to `limit` entries and amendments of the
 * practice sealed with `from` under `to`, inside the caller's transaction, so a large practice
 * is moved in short batches while it keeps working. Finalized rows may change in exactly this
 * way, and only while `kartei.key_rotation` is on for the transaction. Returns how many rows it
 * re-encrypted: 0 when nothing sealed with `from` is left.
 */
export async function reencryptNotes(
  trx: Transaction<Database>,
  practiceId: string,
  from: DataKey,
  to: DataKey,
  limit = 500,
): Promise<number> {
  await sql`select set_config('kartei.key_rotation', 'on', true)`.execute(trx);
  let count = 0;
  const notes = await trx.selectFrom("notes").select(["id", "content_ciphertext"])
    .where("practice_id", "=", practiceId).where("key_version", "=", from.version)
    .orderBy("id").limit(limit).forUpdate().execute();
  for (const note of notes) {
    const associatedData = noteAssociatedData(practiceId, note.id);
    const plaintext = await decryptBytes(from.key, note.content_ciphertext, associatedData);
    await trx.updateTable("notes")
      .set({ content_ciphertext: await encryptBytes(to.key, plaintext, associatedData), key_version: to.version })
      .where("id", "=", note.id).execute();
    count++;
  }
  const amendments = await trx.selectFrom("note_amendments").select(["id", "content_ciphertext"])
    .where("practice_id", "=", practiceId).where("key_version", "=", from.version)
    .orderBy("id").limit(limit - count).forUpdate().execute();
  for (const amendment of amendments) {
    const associatedData = amendmentAssociatedData(practiceId, amendment.id);
    const plaintext = await decryptBytes(from.key, amendment.content_ciphertext, associatedData);
    await trx.updateTable("note_amendments")
      .set({ content_ciphertext: await encryptBytes(to.key, plaintext, associatedData), key_version: to.version })
      .where("id", "=", amendment.id).execute();
    count++;
  }
  await sql`select set_config('kartei.key_rotation', 'off', true)`.execute(trx);
  return count;
}
