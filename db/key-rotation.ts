// Rotating a practice's data key: the owner's request creates a new key version (wrapped by the
// master key), which takes over new data at once; a background job then re-encrypts everything
// sealed with an older version in small batches (document chunks and names, notes and
// amendments), each batch its own short transaction so the practice keeps working, and finally
// retires the old versions that nothing uses any more. An interrupted rotation (a restart) is
// simply continued by the job's next round.
import { sql } from "kysely";
import type { Transaction } from "kysely";
import type { Database } from "./schema.ts";
import type { Db } from "./database.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import type { Clock } from "../lib/clock.ts";
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

/** A rotation under way: the version everything moves to, and what still waits for it. */
export interface RotationProgress {
  version: number;
  remaining: { documentChunks: number; notes: number };
}

export async function listDataKeyVersions(db: Db, practiceId: string): Promise<DataKeyVersionRow[]> {
  const rows = await db.selectFrom("practice_keys").select(["version", "created_at", "retired_at"])
    .where("practice_id", "=", practiceId).orderBy("version", "desc").execute();
  return rows.map((row) => ({ version: row.version, createdAt: row.created_at, retiredAt: row.retired_at }));
}

/**
 * Starts a rotation: a new key version takes over new data at once; the background job
 * (key-rotation-job.ts) moves the existing data. While one runs, asking again joins it
 * instead of starting yet another key. Returns the version everything moves to.
 */
export async function startDataKeyRotation(
  db: Db,
  masterKey: Uint8Array,
  scope: PracticeScope,
  facts: RequestFacts,
): Promise<{ version: number; started: boolean }> {
  return await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${"data-key:" + scope.practiceId}, 0))`.execute(trx);
    const running = await rotationTarget(trx, scope.practiceId);
    if (running !== null) return { version: running, started: false };
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
    return { version, started: true };
  });
}

/** The version a practice's unfinished rotation moves to, or null when none is under way. */
async function rotationTarget(db: Db | Transaction<Database>, practiceId: string): Promise<number | null> {
  const active = await db.selectFrom("practice_keys").select("version")
    .where("practice_id", "=", practiceId).where("retired_at", "is", null)
    .orderBy("version", "desc").execute();
  return active.length > 1 ? active[0].version : null;
}

/** How far a practice's rotation has come, or null when none is under way. */
export async function rotationProgress(db: Db, practiceId: string): Promise<RotationProgress | null> {
  const version = await rotationTarget(db, practiceId);
  if (version === null) return null;
  const count = async (table: "document_chunks" | "documents" | "notes" | "note_amendments") =>
    Number(
      (await db.selectFrom(table).select(sql<string>`count(*)`.as("count"))
        .where("practice_id", "=", practiceId).where("key_version", "<>", version)
        .executeTakeFirstOrThrow()).count,
    );
  const [chunks, names, notes, amendments] = await Promise.all([
    count("document_chunks"),
    count("documents"),
    count("notes"),
    count("note_amendments"),
  ]);
  // A document's name is sealed apart from its content: a part of its own.
  return { version, remaining: { documentChunks: chunks + names, notes: notes + amendments } };
}

/** The practices with a rotation under way (more than one version not retired). */
export async function practicesRotating(db: Db): Promise<string[]> {
  const rows = await db.selectFrom("practice_keys").select("practice_id")
    .where("retired_at", "is", null).groupBy("practice_id").having(sql`count(*)`, ">", 1).execute();
  return rows.map((row) => row.practice_id);
}

/**
 * Moves everything of the practice sealed with an older version to the rotation's version, in
 * short batches (each its own transaction, so the practice keeps working and an interruption
 * loses at most a batch), then retires the versions nothing uses any more and audits the end.
 * Several processes may run it at once: every batch takes rows no other process holds (SKIP
 * LOCKED). Rows written meanwhile with the old key are moved by the next round: the retire step
 * waits for writers in flight and sees their rows (migration 0013). Returns null when no
 * rotation is under way.
 */
export async function continueDataKeyRotation(
  db: Db,
  masterKey: Uint8Array,
  practiceId: string,
  clock: Clock,
): Promise<RotationResult | null> {
  const version = await rotationTarget(db, practiceId);
  if (version === null) return null;
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

  const retiredVersions = await db.transaction().execute(async (trx) => {
    // One process retires and audits; another that finished at the same time finds nothing left.
    // The exclusive lock also waits for writers in flight (their rows take it shared, migration 0013).
    await sql`select pg_advisory_xact_lock(hashtextextended(${"data-key:" + practiceId}, 0))`.execute(trx);
    const now = clock.now();
    const retired = await retireUnusedVersions(trx, practiceId, version, now);
    if (retired.length) {
      await appendAuditEvent(trx, {
        practiceId,
        action: "data_key.rotation_finished",
        actorAccountId: null,
        subjectType: "practice",
        subjectId: practiceId,
        occurredAt: now,
        details: { version, retired_versions: retired.join(",") },
      });
    }
    return retired;
  });
  return { version, documentChunks, notes, retiredVersions };
}

/** Retires the versions below `version` that no row of the practice is sealed with any more. */
async function retireUnusedVersions(
  trx: Transaction<Database>,
  practiceId: string,
  version: number,
  now: Date,
): Promise<number[]> {
  const retired = await trx.updateTable("practice_keys").set({ retired_at: now })
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
  return retired.map((row) => row.version).sort((a, b) => a - b);
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
      .limit(CHUNK_BATCH).forUpdate("document_chunks").skipLocked().execute();
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
      .orderBy("id").limit(NAME_BATCH).forUpdate().skipLocked().execute();
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
    .orderBy("id").limit(limit).forUpdate().skipLocked().execute();
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
    .orderBy("id").limit(limit - count).forUpdate().skipLocked().execute();
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
