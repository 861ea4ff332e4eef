import { suite } from "uvu";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { createTestApp } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { appendAuditEvent } from "../../db/audit.ts";
import { sealAuditEvents } from "../../db/audit-sealer.ts";
import type { Db } from "../../db/database.ts";

const test = suite("the audit protocol");

async function practice() {
  const app = await createTestApp();
  const client = new TestClient(app.app);
  const owner = await signedInOwner(client, app.db, app.clock, { practice_name: "Praxis Protokoll" });
  return { ...app, client, owner };
}

async function record(db: Db, practiceId: string, action: string, extra: Record<string, unknown> = {}) {
  await appendAuditEvent(db, { practiceId, action, occurredAt: new Date(Date.UTC(2026, 10, 20, 9)), ...extra });
}

async function viewedCount(db: Db, practiceId: string) {
  const { n } = await db.selectFrom("audit_events").select((eb) => eb.fn.countAll<string>().as("n"))
    .where("practice_id", "=", practiceId).where("action", "=", "protocol.viewed").executeTakeFirstOrThrow();
  return Number(n);
}

const actions = (html: string) => [...html.matchAll(/<td><code>([^<]+)<\/code><\/td>/g)].map((m) => m[1]);

test("the owner finds the log from the access page", async () => {
  const { client } = await practice();
  const access = await client.get("/practice/access");
  assert.is(access.status, 200);
  assert.match(access.html, /<a href="\/protocol">Protokoll<\/a>/);
});

test("the owner reads the practice's log, and opening it is itself recorded", async () => {
  const { db, client, owner } = await practice();
  const other = await db.insertInto("practices").values({ name: "Andere Praxis" }).returning("id")
    .executeTakeFirstOrThrow();
  await record(db, other.id, "foreign.secret");
  await record(db, owner.practiceId, "patient.viewed", {
    subjectType: "patient",
    subjectId: "7d3e6c1a-0000-4000-8000-000000000001",
    details: { purpose: "treatment" },
  });
  const before = await viewedCount(db, owner.practiceId);
  const page = await client.get("/protocol");
  assert.is(page.status, 200);
  assert.ok(actions(page.html).includes("patient.viewed"));
  assert.not.ok(actions(page.html).includes("foreign.secret"), "another practice's events never show");
  assert.ok(page.html.includes("treatment"), "the reason given is shown");
  assert.ok(page.html.includes("nicht gespeichert"), "no address is stored, and the page says so");
  assert.is(await viewedCount(db, owner.practiceId), before + 1);
});

test("filters by patient and by kind of action; a malformed filter is refused beside its field", async () => {
  const { db, client, owner } = await practice();
  const mine = "7d3e6c1a-0000-4000-8000-00000000000a", theirs = "7d3e6c1a-0000-4000-8000-00000000000b";
  await record(db, owner.practiceId, "patient.viewed", { subjectType: "patient", subjectId: mine });
  await record(db, owner.practiceId, "document.uploaded", { details: { patient_id: mine } });
  await record(db, owner.practiceId, "note.signed", { subjectType: "patient", subjectId: theirs });
  const byPatient = await client.get(`/protocol?patient=${mine}`);
  assert.equal(actions(byPatient.html).sort(), ["document.uploaded", "patient.viewed"]);
  const byKind = await client.get("/protocol?kind=note");
  assert.equal(actions(byKind.html), ["note.signed"]);
  const before = await viewedCount(db, owner.practiceId);
  const refused = await client.get("/protocol?patient=abc&from=2026-13-01");
  assert.is(refused.status, 422);
  assert.ok(fieldError(refused.html, "patient"));
  assert.ok(fieldError(refused.html, "from"));
  assert.is(await viewedCount(db, owner.practiceId), before, "a refused filter reads and records nothing");
});

test("pages go back in time by event id, without overlap or gap", async () => {
  const { db, client, owner } = await practice();
  for (let i = 0; i < 60; i++) await record(db, owner.practiceId, `bulk.event_${i}`);
  const first = await client.get("/protocol?kind=bulk");
  assert.is(actions(first.html).length, 50);
  const next = first.html.match(/href="(\/protocol\?[^"]*before=\d+)"/)?.[1]?.replaceAll("&amp;", "&");
  assert.ok(next, "an older page is offered");
  const second = await client.get(next!);
  assert.is(second.status, 200);
  const all = [...actions(first.html), ...actions(second.html)];
  assert.is(all.length, 60);
  assert.is(new Set(all).size, 60);
  assert.is(all[0], "bulk.event_59", "newest first");
  assert.not.match(second.html, /rel="next"/, "the last page offers no older one");
});

test("verify shows the chain intact up to event N, and the first broken link after a change in SQL", async () => {
  const { db, client, owner } = await practice();
  for (let i = 0; i < 3; i++) await record(db, owner.practiceId, "patient.viewed", { details: { n: i } });
  await sealAuditEvents(db);
  const { n } = await db.selectFrom("audit_events").select((eb) => eb.fn.max<number>("sequence").as("n"))
    .where("practice_id", "=", owner.practiceId).executeTakeFirstOrThrow();
  const intact = await client.post("/protocol/verify", {});
  assert.is(intact.status, 200);
  assert.ok(intact.html.includes(`Die Kette ist intakt bis Ereignis ${n}.`), "intact up to the last sealed event");
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await sql`update audit_events set details = '{"n": 99}' where practice_id = ${owner.practiceId}
      and sequence = 2`.execute(trx);
  });
  const broken = await client.post("/protocol/verify", {});
  assert.ok(broken.html.includes("bei Ereignis 2 unterbrochen (Inhalt verändert); intakt bis Ereignis 1."));
  const verified = await db.selectFrom("audit_events").select("details").where("practice_id", "=", owner.practiceId)
    .where("action", "=", "protocol.verified").orderBy("id", "desc").executeTakeFirstOrThrow();
  assert.equal(verified.details, { broken_at: 2, events: 1, intact: false, reason: "hash" });
});

test("a third party with the audit grant reads it; front desk does not", async () => {
  const { app, db, clock, masterKey, owner } = await practice();
  const auditor = await addMember(db, masterKey, owner.practiceId, "third_party", { areas: ["audit.read"] });
  const desk = await addMember(db, masterKey, owner.practiceId, "front_desk");
  const auditorClient = await signedInMember(app, clock, auditor);
  assert.is((await auditorClient.get("/protocol")).status, 200);
  const deskClient = await signedInMember(app, clock, desk);
  assert.is((await deskClient.get("/protocol")).status, 403);
});

const RECHECK = new URL("../../bin/recheck-audit-export.ts", import.meta.url).pathname;

async function recheck(text: string) {
  const file = await Deno.makeTempFile({ suffix: ".json" });
  await Deno.writeTextFile(file, text);
  const run = await new Deno.Command(Deno.execPath(), { args: ["run", "--allow-read", RECHECK, file] }).output();
  await Deno.remove(file);
  return { code: run.code, out: new TextDecoder().decode(run.stdout) };
}

test("the export of a period rechecks with the standalone script, and a changed event does not", async () => {
  const { db, client, owner } = await practice();
  const other = await db.insertInto("practices").values({ name: "Fremde Praxis" }).returning("id")
    .executeTakeFirstOrThrow();
  await record(db, other.id, "foreign.secret");
  await record(db, owner.practiceId, "patient.viewed", { subjectType: "patient", subjectId: "=HYPERLINK(1)" });
  await sealAuditEvents(db);
  const json = await client.get("/protocol/export?format=json&from=2020-01-01&to=2099-12-31");
  assert.is(json.status, 200);
  const data = JSON.parse(json.html);
  assert.ok(data.events.length > 1);
  assert.ok(data.events.every((e: { practice_id: string }) => e.practice_id === owner.practiceId));
  assert.is(data.head.events, data.events.at(-1).sequence, "the head is the last sealed event");
  const intact = await recheck(json.html);
  assert.is(intact.code, 0, intact.out);
  assert.match(intact.out, /events recomputed, intact/);
  data.events[0].action = "patient.edited";
  const changed = await recheck(JSON.stringify(data));
  assert.is(changed.code, 1);
  assert.match(changed.out, new RegExp(`event ${data.events[0].sequence}: content does not match its hash`));

  const csv = await client.get("/protocol/export?format=csv&from=2020-01-01&to=2099-12-31");
  assert.is(csv.status, 200);
  assert.ok(csv.html.startsWith("sequence,occurred_at,action,"));
  assert.ok(csv.html.includes(",'=HYPERLINK(1),"), "a value that starts like a formula is kept from running");
  assert.not.ok(csv.html.includes("foreign.secret"));
  const exported = await db.selectFrom("audit_events").select("details").where("practice_id", "=", owner.practiceId)
    .where("action", "=", "protocol.exported").execute();
  assert.is(exported.length, 2, "every export is recorded");
});

test("an export without a period or format is refused beside the fields", async () => {
  const { client } = await practice();
  const refused = await client.get("/protocol/export?format=pdf&from=&to=2026-02-30");
  assert.is(refused.status, 422);
  assert.ok(fieldError(refused.html, "format"));
  assert.ok(fieldError(refused.html, "export-from"));
  assert.ok(fieldError(refused.html, "export-to"));
});

test.run();
