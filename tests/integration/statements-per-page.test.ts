import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { patientFields } from "../support/patient-fixtures.ts";
import { countingDatabase } from "../support/statement-count.ts";

const test = suite("statements per page");

const database = await countingDatabase();
const { app, clock } = await createTestApp({}, {}, { db: database.db });
const client = new TestClient(app);
await signedInOwner(client, database.db, clock, { practice_name: "Praxis Zählwerk" });
const created = await client.post("/patients", { ...patientFields(), confirm_duplicate: "yes" });
const patientId = created.location!.split("?")[0].split("/").pop()!;

/** The statements one request sends, by their first word. */
async function statementsOf(path: string) {
  database.statements.length = 0;
  const page = await client.get(path);
  assert.is(page.status, 200, path);
  return database.statements.map((sql) => sql.trim().split(/\s+/)[0].toLowerCase());
}

test("a patient record page asks the database twice: the session, then the record with its audit event", async () => {
  assert.equal(await statementsOf(`/patients/${patientId}`), ["select", "with"]);
  const viewed = await database.db.selectFrom("audit_events").select("id")
    .where("action", "=", "patient.viewed").where("subject_id", "=", patientId).execute();
  assert.is(viewed.length, 1, "the view is audited");
});

test("the today page asks seven statements: session, counts, the day's appointments, hours, absences, drafts, notices", async () => {
  // However many appointments and practitioners the day has: no statement per row.
  assert.equal(await statementsOf("/"), Array(7).fill("select"));
});

test("the notices badge, polled every minute, asks twice: the session, then one count of everything", async () => {
  assert.equal(await statementsOf("/notices/badge"), ["select", "select"]);
});

test.after(() => database.close());

test.run();
