// The patient outbox on several real app processes sharing one Postgres: each message is sent
// once however many processes look, and a process killed (SIGKILL) while a provider holds its
// request leaves a message that is never sent again: the next process makes it a dead letter
// the practice sees. Needs separate processes on one database, so it runs on Postgres only.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { openPostgres } from "../../db/database.ts";
import { migrateToLatest } from "../../db/migrator.ts";
import { ensureShippedTerms } from "../../db/terms.ts";
import { CURRENT_TERMS } from "../../lib/terms.ts";
import type { Db } from "../../db/database.ts";
import { createScratchDatabase } from "../support/test-database.ts";
import { type AppProcess, startAppProcess } from "../support/app-process.ts";
import { createTestApp } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { ownerScopeOf, signedInOwner } from "../support/practice-fixtures.ts";
import { addPatient } from "../support/document-fixtures.ts";
import { storedAppointment } from "./notes-fixtures.ts";
import { startSevenServer } from "../support/message-providers.ts";
import { queueAppointmentMessages } from "../../db/patient-messages.ts";

const SEVEN_KEY = "seven-process-key-01";
const test = suite("the patient outbox on several app processes");

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A practice whose patients consented to SMS, and a way to queue a confirmation for each new appointment. */
async function practiceOn(db: Db) {
  const { app, clock, masterKey } = await createTestApp({}, {}, { db });
  const owner = await signedInOwner(new TestClient(app), db, clock);
  const scope = await ownerScopeOf(db, owner);
  // No quiet hours: this test runs at any hour and is about sending, not about the night.
  await db.insertInto("practice_message_settings").values({
    practice_id: owner.practiceId,
    quiet_from_minute: 0,
    quiet_until_minute: 0,
    updated_at: new Date(),
  }).execute();
  let next = 0;
  return {
    masterKeyBase64: btoa(String.fromCharCode(...masterKey)),
    /** Queues `count` confirmations, each to its own number; the numbers. */
    async queue(count: number): Promise<string[]> {
      const phones: string[] = [];
      for (let i = 0; i < count; i++) {
        const phone = `4917199${String(next++).padStart(6, "0")}`;
        const patientId = await addPatient(db, owner.practiceId, "Prozess", `Nummer ${next}`);
        await db.updateTable("patients").set({ phone: `+${phone}` }).where("id", "=", patientId).execute();
        await db.insertInto("patient_channel_consents").values({
          practice_id: owner.practiceId,
          patient_id: patientId,
          channel: "sms",
          given_on: "2026-01-01",
          recorded_by: owner.accountId,
        }).execute();
        const startsAt = new Date(Date.now() + 10 * 86_400_000);
        const appointmentId = await storedAppointment(db, owner.practiceId, scope.membershipId, patientId, startsAt);
        await db.transaction().execute((trx) =>
          queueAppointmentMessages(trx, owner.practiceId, appointmentId, "booked", { requestId: null, now: new Date() })
        );
        phones.push(phone);
      }
      return phones;
    },
  };
}

async function messagesTo(db: Db, phones: string[]) {
  return await db.selectFrom("patient_messages as m").innerJoin("patients as p", "p.id", "m.patient_id")
    .select(["m.id", "m.status", "m.reason", "p.phone"]).where("m.kind", "=", "confirmation")
    .where("p.phone", "in", phones.map((phone) => `+${phone}`)).execute();
}

if (Deno.env.get("TEST_DATABASE_URL")) {
  test("two app processes send every message once (on Postgres, concurrent)", async () => {
    const scratch = (await createScratchDatabase())!;
    const handle = openPostgres(scratch.url);
    const seven = startSevenServer(SEVEN_KEY);
    const processes: AppProcess[] = [];
    const dataDir = await Deno.makeTempDir({ prefix: "kartei-messages-" });
    try {
      await migrateToLatest(handle.db);
      await ensureShippedTerms(handle.db, CURRENT_TERMS, new Date());
      const practice = await practiceOn(handle.db);
      const env = {
        DATABASE_URL: scratch.url,
        KARTEI_MASTER_KEY: practice.masterKeyBase64,
        DATA_DIR: dataDir,
        SEVEN_API_KEY: SEVEN_KEY,
        SEVEN_BASE_URL: seven.url,
        MESSAGE_INTERVAL_SECONDS: "1",
      };
      processes.push(...await Promise.all([startAppProcess(env), startAppProcess(env)]));
      // Queued while both look every second: they race for the same rows.
      const phones = await practice.queue(60);
      await until(
        "every message delivered",
        async () => (await messagesTo(handle.db, phones)).every((m) => m.status === "delivered"),
      );
      // A few more rounds of both processes: nothing may go out again.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      for (const phone of phones) assert.is(seven.to(phone).length, 1, `one SMS to ${phone}`);
    } finally {
      await Promise.all(processes.map((p) => p.kill()));
      await seven.close();
      await handle.close();
      await scratch.drop();
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
  });

  test("a process killed mid-send leaves no duplicate: the next one makes it a visible dead letter (on Postgres, concurrent)", async () => {
    const scratch = (await createScratchDatabase())!;
    const handle = openPostgres(scratch.url);
    const seven = startSevenServer(SEVEN_KEY);
    const dataDir = await Deno.makeTempDir({ prefix: "kartei-messages-" });
    let first: AppProcess | undefined;
    let second: AppProcess | undefined;
    try {
      await migrateToLatest(handle.db);
      await ensureShippedTerms(handle.db, CURRENT_TERMS, new Date());
      const practice = await practiceOn(handle.db);
      const env = {
        DATABASE_URL: scratch.url,
        KARTEI_MASTER_KEY: practice.masterKeyBase64,
        DATA_DIR: dataDir,
        SEVEN_API_KEY: SEVEN_KEY,
        SEVEN_BASE_URL: seven.url,
        MESSAGE_INTERVAL_SECONDS: "1",
        MESSAGE_LEASE_SECONDS: "8",
      };
      // The provider takes the request and does not answer: the process dies waiting.
      seven.answer({ kind: "hold" });
      const [held] = await practice.queue(1);
      first = await startAppProcess(env);
      await until("the provider holding the request", () => Promise.resolve(seven.to(held).length === 1));
      await first.kill();
      seven.answer({ kind: "ok" });

      second = await startAppProcess(env);
      await until("the interrupted message resolved", async () => {
        const [row] = await messagesTo(handle.db, [held]);
        return row.status !== "sending";
      }, 60_000);
      const [row] = await messagesTo(handle.db, [held]);
      assert.equal([row.status, row.reason], ["failed", "interrupted"]);
      const [later] = await practice.queue(1);
      await until(
        "a new message delivered",
        async () => (await messagesTo(handle.db, [later]))[0].status === "delivered",
      );
      assert.is(seven.to(held).length, 1, "the interrupted message was not sent again");
      assert.is(seven.to(later).length, 1);
    } finally {
      await first?.kill();
      await second?.kill();
      await seven.close();
      await handle.close();
      await scratch.drop();
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
  });
}

test.run();
