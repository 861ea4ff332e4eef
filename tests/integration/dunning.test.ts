import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp, TEST_BASE_URL } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { ownerScopeOf, signedInOwner } from "../support/practice-fixtures.ts";
import { billingReady, cancelled, issuedInvoice, paid } from "../support/invoice-fixtures.ts";
import { dunningProposals, runDunning } from "../../db/dunning.ts";

const test = suite("dunning: levels, runs, letters");

async function pdfText(bytes: Uint8Array): Promise<string> {
  const command = new Deno.Command("pdftotext", { args: ["-layout", "-", "-"], stdin: "piped", stdout: "piped" });
  const child = command.spawn();
  const writer = child.stdin.getWriter();
  await writer.write(bytes);
  await writer.close();
  return new TextDecoder().decode((await child.output()).stdout);
}

async function practice() {
  const { app, db, clock } = await createTestApp();
  // Today is 10 February; invoices of 10 January fell due on 24 January (14 days).
  clock.set(new Date("2026-02-10T09:00:00Z"));
  const ownerClient = new TestClient(app);
  const owner = await signedInOwner(ownerClient, db, clock);
  const scope = await ownerScopeOf(db, owner);
  const january = new Date("2026-01-10T09:00:00Z");
  await billingReady(db, scope, january);
  const unpaid = await issuedInvoice(db, scope, january, [{ description: "Sitzung", unitCents: 9000 }]);
  const part = await issuedInvoice(db, scope, january, [{ description: "Sitzung", unitCents: 9000 }]);
  await paid(db, scope, part.id, 4000, "2026-01-20", january);
  const settled = await issuedInvoice(db, scope, january, [{ description: "Sitzung", unitCents: 9000 }]);
  await paid(db, scope, settled.id, 9000, "2026-01-20", january);
  const gone = await issuedInvoice(db, scope, january, [{ description: "Sitzung", unitCents: 9000 }]);
  await cancelled(db, scope, gone.id, january);
  const recent = await issuedInvoice(db, scope, new Date("2026-02-05T09:00:00Z"), [{
    description: "X",
    unitCents: 100,
  }]);
  const stranger = new TestClient(app);
  const other = await signedInOwner(stranger, db, clock);
  const otherScope = await ownerScopeOf(db, other);
  await billingReady(db, otherScope, january);
  const foreign = await issuedInvoice(db, otherScope, january, [{ description: "Fremd", unitCents: 5000 }]);
  return { app, db, clock, owner, scope, ownerClient, unpaid, part, settled, gone, recent, stranger, foreign };
}

let shared: Awaited<ReturnType<typeof practice>> | undefined;
const world = async () => (shared ??= await practice());

test("the overdue, open invoices are proposed for a payment reminder; paid, cancelled and not yet due ones are not", async () => {
  const w = await world();
  const page = await w.ownerClient.get("/billing/dunning");
  assert.is(page.status, 200);
  assert.match(page.html, w.unpaid.number);
  assert.match(page.html, w.part.number);
  assert.match(page.html, "50,00");
  assert.match(page.html, "Zahlungserinnerung");
  for (const invoice of [w.settled, w.gone, w.recent]) assert.not.match(page.html, `>${invoice.number}<`);
  const proposals = await dunningProposals(w.db, w.scope, "2026-02-10");
  assert.equal(proposals.map((p) => [p.number, p.level.level, p.daysOverdue]), [
    [w.unpaid.number, 1, 17],
    [w.part.number, 1, 17],
  ]);
});

test("a run makes one letter per invoice, records each step and takes no invoice number", async () => {
  const w = await world();
  const counter = async () =>
    (await w.db.selectFrom("invoice_counters").select("last_number").where("practice_id", "=", w.owner.practiceId)
      .executeTakeFirstOrThrow()).last_number;
  const before = await counter();
  const form = new URLSearchParams({ _csrf: w.ownerClient.csrfToken() ?? "" });
  form.append("invoice_ids", w.unpaid.id);
  form.append("invoice_ids", w.part.id);
  const done = await w.ownerClient.send("/billing/dunning/run", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: TEST_BASE_URL },
    body: form.toString(),
  });
  assert.is(done.status, 303);
  assert.match(done.location ?? "", /^\/billing\/dunning\/runs\/[0-9a-f-]{36}\?done=1$/);
  assert.is(await counter(), before, "no invoice number was used");
  const runPage = await w.ownerClient.get(done.location!);
  assert.is(runPage.status, 200);
  const letters = await w.db.selectFrom("dunning_letters").selectAll().where("practice_id", "=", w.owner.practiceId)
    .orderBy("open_cents", "desc").execute();
  assert.equal(letters.map((l) => [l.level, l.open_cents, l.due_on.toISOString().slice(0, 10)]), [
    [1, 9000, "2026-02-20"],
    [1, 5000, "2026-02-20"],
  ]);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", letters[0].pdf as Uint8Array<ArrayBuffer>));
  assert.equal([...letters[0].pdf_sha256], [...digest]);
  const text = await pdfText(letters[1].pdf);
  assert.match(text, "Zahlungserinnerung");
  assert.match(text, `Rechnung ${w.part.number}`);
  assert.match(text, "50,00");
  assert.match(text, "20.02.2026");
  assert.match(text, "keine Rechnung");
  const audit = await w.db.selectFrom("audit_events").select("action").where("practice_id", "=", w.owner.practiceId)
    .where("action", "like", "dunning.%").execute();
  assert.is(audit.filter((a) => a.action === "dunning.letter_created").length, 2);
  assert.is(audit.filter((a) => a.action === "dunning.run").length, 1);
  const download = await w.ownerClient.get(`/billing/dunning/letters/${letters[0].id}`);
  assert.is(download.status, 200);
  assert.is(download.headers.get("Content-Type"), "application/pdf");
});

test("the same level is never sent twice; the next waits for its days and the letter's payment period", async () => {
  const w = await world();
  const again = await runDunning(w.db, w.scope, [w.unpaid.id], "2026-02-10", { requestId: null, now: w.clock.now() });
  assert.equal(again, { ok: false, problem: "nothing_due" });
  // 28 days after the due date is 21 February, but the reminder gave until 20 February: the 21st is the first day.
  assert.equal(await dunningProposals(w.db, w.scope, "2026-02-20"), []);
  const second = await dunningProposals(w.db, w.scope, "2026-02-21");
  assert.equal(second.map((p) => p.level.level), [2, 2]);
  const run = await runDunning(w.db, w.scope, [w.unpaid.id], "2026-02-21", { requestId: null, now: w.clock.now() });
  assert.ok(run.ok);
  const third = await runDunning(w.db, w.scope, [w.unpaid.id], "2026-03-10", { requestId: null, now: w.clock.now() });
  assert.ok(third.ok, "42 days and the 1st letter's period have passed");
  const letters = await w.db.selectFrom("dunning_letters").select(["level", "fee_cents", "pdf"])
    .where("invoice_id", "=", w.unpaid.id).orderBy("level").execute();
  assert.equal(letters.map((l) => [l.level, l.fee_cents]), [[1, 0], [2, 0], [3, 500]]);
  const text = await pdfText(letters[2].pdf);
  assert.match(text, "2. Mahnung");
  assert.match(text, "95,00", "open amount plus the 5 euro fee");
  const later = await dunningProposals(w.db, w.scope, "2026-06-01");
  assert.equal(later.map((p) => [p.number, p.level.level]), [[w.part.number, 2], [w.recent.number, 1]]);
});

test("two runs at the same moment send a level once: the second finds nothing due", async () => {
  const w = await world();
  const facts = { requestId: null, now: w.clock.now() };
  const [a, b] = await Promise.all([
    runDunning(w.db, w.scope, [w.part.id], "2026-06-01", facts),
    runDunning(w.db, w.scope, [w.part.id], "2026-06-01", facts),
  ]);
  assert.equal([a.ok, b.ok].sort(), [false, true]);
  const letters = await w.db.selectFrom("dunning_letters").select("level").where("invoice_id", "=", w.part.id)
    .orderBy("level").execute();
  assert.equal(letters.map((l) => l.level), [1, 2]);
});

test("letters are records: the database refuses to change or delete them", async () => {
  const w = await world();
  const letter = await w.db.selectFrom("dunning_letters").select("id").where("invoice_id", "=", w.unpaid.id)
    .executeTakeFirstOrThrow();
  for (
    const attempt of [
      () => w.db.updateTable("dunning_letters").set({ fee_cents: 0 }).where("id", "=", letter.id).execute(),
      () => w.db.deleteFrom("dunning_letters").where("id", "=", letter.id).execute(),
    ]
  ) {
    let refused = false;
    try {
      await attempt();
    } catch {
      refused = true;
    }
    assert.ok(refused);
  }
});

test("another practice's run, letter and invoice are not found; its invoice never gets a letter here", async () => {
  const w = await world();
  const run = await w.db.selectFrom("dunning_runs").select("id").where("practice_id", "=", w.owner.practiceId)
    .executeTakeFirstOrThrow();
  const letter = await w.db.selectFrom("dunning_letters").select("id").where("practice_id", "=", w.owner.practiceId)
    .executeTakeFirstOrThrow();
  assert.is((await w.stranger.get(`/billing/dunning/runs/${run.id}`)).status, 404);
  assert.is((await w.stranger.get(`/billing/dunning/letters/${letter.id}`)).status, 404);
  const refused = await w.ownerClient.post("/billing/dunning/run", { invoice_ids: w.foreign.id });
  assert.is(refused.status, 409);
  const letters = await w.db.selectFrom("dunning_letters").select("id").where("invoice_id", "=", w.foreign.id)
    .execute();
  assert.equal(letters, []);
});

test("hostile input: unknown ids and broken levels are refused beside the field, nothing is written", async () => {
  const w = await world();
  const before = await w.db.selectFrom("dunning_runs").select("id").execute();
  const bad = await w.ownerClient.post("/billing/dunning/run", { invoice_ids: "'; drop table invoices; --" });
  assert.is(bad.status, 422);
  assert.match(fieldError(bad.html, "invoice_ids"), /mindestens eine/);
  const none = await w.ownerClient.post("/billing/dunning/run", {});
  assert.is(none.status, 422);
  assert.is((await w.db.selectFrom("dunning_runs").select("id").execute()).length, before.length);
  const settings = await w.ownerClient.post("/billing/dunning/settings", {
    days_1: "0",
    days_2: "30",
    days_3: "20",
    fee_1: "abc",
    fee_2: "1000000",
    fee_3: "5,00",
    text_1: "Bitte zahlen",
    text_2: "",
    text_3: "Bitte \u0000 zahlen",
  });
  const huge = await w.ownerClient.post("/billing/dunning/settings", {
    days_1: "7",
    days_2: "21",
    days_3: "35",
    fee_1: "0",
    fee_2: "0",
    fee_3: "0",
    text_1: "x".repeat(1024 * 1024),
    text_2: "<script>alert(1)</script>",
    text_3: "ok",
  });
  assert.is(huge.status, 422);
  assert.match(fieldError(huge.html, "text_1"), /lang|höchstens|Zeichen/);
  assert.not.match(huge.html, "<script>alert(1)");
  assert.is(settings.status, 422);
  assert.match(fieldError(settings.html, "days_1"), /1 bis 365/);
  assert.match(fieldError(settings.html, "days_3"), /später/);
  assert.match(fieldError(settings.html, "fee_1"), /Betrag/);
  assert.match(fieldError(settings.html, "fee_2"), /Betrag/);
  assert.ok(fieldError(settings.html, "text_2"));
  assert.ok(fieldError(settings.html, "text_3"));
  assert.equal(await w.db.selectFrom("dunning_levels").select("level").execute(), []);
  const saved = await w.ownerClient.post("/billing/dunning/settings", {
    days_1: "7",
    days_2: "21",
    days_3: "35",
    fee_1: "0",
    fee_2: "2,50",
    fee_3: "5",
    text_1: "Erinnerung {number}",
    text_2: "Mahnung {number}",
    text_3: "Letzte Mahnung {number}",
  });
  assert.is(saved.status, 303);
  const levels = await w.db.selectFrom("dunning_levels").select(["level", "days_overdue", "fee_cents"])
    .where("practice_id", "=", w.owner.practiceId).orderBy("level").execute();
  assert.equal(levels.map((l) => [l.level, l.days_overdue, l.fee_cents]), [[1, 7, 0], [2, 21, 250], [3, 35, 500]]);
});

test.run();
