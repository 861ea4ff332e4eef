import { suite } from "uvu";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { createTestApp } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import type { Db } from "../../db/database.ts";
import { finalizeDueNotes } from "../../db/note-finalizing.ts";
import { verifySealedChain } from "../support/audit-fixtures.ts";
import { noteAssociatedData } from "../../lib/note-content.ts";
import { reencryptNotes } from "../../db/key-rotation.ts";
import { currentDataKey, dataKeyOwner, dataKeyVersion } from "../../db/practice-keys.ts";
import { createWrappedDataKey, encryptBytes, unwrapDataKey } from "../../lib/envelope-encryption.ts";
import { noteIdOf, storedAppointment, storedPatient } from "./notes-fixtures.ts";

async function eventsOf(db: Db, practiceId: string, action: string, subjectId?: string) {
  let query = db.selectFrom("audit_events").select(["subject_id", "details", "actor_account_id"])
    .where("practice_id", "=", practiceId).where("action", "=", action);
  if (subjectId) query = query.where("subject_id", "=", subjectId);
  return await query.orderBy("id").execute();
}

async function noteRow(db: Db, id: string) {
  return await db.selectFrom("notes").selectAll().where("id", "=", id).executeTakeFirst();
}

function latin1(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => String.fromCharCode(byte)).join("");
}

async function rejected(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return "";
}

// One practice for the whole file: an owner, a practitioner who writes, the front desk.
let shared: Awaited<ReturnType<typeof setUp>> | undefined;
async function setUp() {
  const setup = await createTestApp();
  const { app, db, clock, masterKey } = setup;
  const ownerClient = new TestClient(app);
  const owner = await signedInOwner(ownerClient, db, clock, { owner_name: "Dr. Eva Inhaber" });
  const practitioner = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Paul Praxis" });
  const practitionerClient = await signedInMember(app, clock, practitioner);
  const frontDesk = await addMember(db, masterKey, owner.practiceId, "front_desk", { name: "Frieda Empfang" });
  const frontDeskClient = await signedInMember(app, clock, frontDesk);
  const patientId = await storedPatient(db, owner.practiceId);
  return { ...setup, owner, ownerClient, practitioner, practitionerClient, frontDesk, frontDeskClient, patientId };
}
const practice = async () => (shared ??= await setUp());

/** A draft written by the practitioner over HTTP, free text unless a template is given. */
async function writeDraft(text: string, fields: Record<string, string> = {}) {
  const { practitionerClient, patientId } = await practice();
  const created = await practitionerClient.post(`/patients/${patientId}/notes`, {
    template_id: "",
    appointment_id: "",
    field_0: text,
    ...fields,
  });
  assert.is(created.status, 303, "the draft is saved");
  return noteIdOf(created.location);
}

const notes = suite("documentation entries");

notes("a practitioner writes a draft from a template for an appointment, edits it and finalizes it", async () => {
  const { db, clock, owner, ownerClient, practitioner, practitionerClient, patientId } = await practice();
  const template = await ownerClient.post("/notes/templates", {
    name: "Verlaufsnotiz",
    headings: "Anliegen\n\nBefund\r\nVorgehen\n",
  });
  assert.is(template.status, 303);
  const stored = await db.selectFrom("note_templates").selectAll().where("practice_id", "=", owner.practiceId)
    .where("name", "=", "Verlaufsnotiz").executeTakeFirstOrThrow();
  assert.equal(stored.headings, ["Anliegen", "Befund", "Vorgehen"], "one heading per line, empty lines dropped");

  const startsAt = new Date(clock.now().getTime() + 3_600_000);
  const appointmentId = await storedAppointment(db, owner.practiceId, practitioner.membershipId, patientId, startsAt);
  const form = await practitionerClient.get(
    `/patients/${patientId}/notes/new?template=${stored.id}&appointment=${appointmentId}`,
  );
  assert.is(form.status, 200);
  assert.ok(form.html.includes('<label for="field_1">Befund</label>'), "each heading labels its text area");
  assert.ok(form.html.includes(`value="${appointmentId}" selected`), "the appointment is preselected");

  const empty = await practitionerClient.post(`/patients/${patientId}/notes`, {
    template_id: stored.id,
    appointment_id: appointmentId,
  });
  assert.is(empty.status, 422);
  assert.ok(fieldError(empty.html, "field_0"), "an entry without any text is refused beside the first field");

  const created = await practitionerClient.post(`/patients/${patientId}/notes`, {
    template_id: stored.id,
    appointment_id: appointmentId,
    field_0: "Kopfschmerz seit drei Tagen",
    field_1: "Blutdruck 130/85",
    field_2: "",
  });
  assert.is(created.status, 303);
  const noteId = noteIdOf(created.location);
  const row = (await noteRow(db, noteId))!;
  assert.is(row.status, "draft");
  assert.is(row.title, "Verlaufsnotiz");
  assert.is(row.appointment_id, appointmentId);
  assert.is(row.finalize_due_at.getTime(), startsAt.getTime() + 50 * 60_000 + 24 * 3_600_000, "24 h after the end");
  assert.not.ok(latin1(row.content_ciphertext).includes("Kopfschmerz"), "the content is not stored in plaintext");
  const [createdEvent] = await eventsOf(db, owner.practiceId, "note.created", noteId);
  assert.is(createdEvent.details.patientId, patientId);
  assert.is(createdEvent.actor_account_id, practitioner.accountId);

  const edited = await practitionerClient.post(`/notes/${noteId}`, {
    version: String(row.version),
    field_0: "Kopfschmerz seit vier Tagen",
    field_1: "Blutdruck 130/85",
    field_2: "Ibuprofen bei Bedarf",
  });
  assert.is(edited.status, 303);
  const stale = await practitionerClient.post(`/notes/${noteId}`, { version: String(row.version), field_0: "Alt" });
  assert.is(stale.status, 409, "a save based on an older version is refused");
  assert.is((await eventsOf(db, owner.practiceId, "note.updated", noteId)).length, 1);

  const view = await practitionerClient.get(`/notes/${noteId}`);
  assert.is(view.status, 200);
  assert.ok(view.html.includes("Kopfschmerz seit vier Tagen"));
  assert.ok(view.html.includes("Ibuprofen bei Bedarf"));
  const [viewed] = await eventsOf(db, owner.practiceId, "note.viewed", noteId);
  assert.is(viewed.details.patientId, patientId, "the viewing names the patient");
  assert.is(viewed.actor_account_id, practitioner.accountId);
  assert.not.ok(JSON.stringify(viewed.details).includes("Kopfschmerz"), "no content in the audit log");

  // Finalizing cannot be undone: the button leads to a confirmation, and a POST without it
  // (a double click, a form from elsewhere) shows the confirmation again and finalizes nothing.
  const asked = await practitionerClient.get(`/notes/${noteId}/finalize`);
  assert.is(asked.status, 200);
  assert.ok(asked.html.includes("Festschreiben kann nicht rückgängig gemacht werden"));
  assert.match(asked.html, /<input type="hidden" name="confirm" value="yes"/);
  assert.ok(asked.html.includes("Kopfschmerz seit vier Tagen"), "the entry as it will stay");
  const unconfirmed = await practitionerClient.post(`/notes/${noteId}/finalize`, {});
  assert.is(unconfirmed.status, 200);
  assert.ok(unconfirmed.html.includes("Ja, endgültig festschreiben"));
  assert.is((await noteRow(db, noteId))!.status, "draft", "nothing finalized without the confirmation");
  assert.is((await eventsOf(db, owner.practiceId, "note.finalized", noteId)).length, 0);
  const wrongAnswer = await practitionerClient.post(`/notes/${noteId}/finalize`, { confirm: "ja" });
  assert.is((await noteRow(db, noteId))!.status, "draft", `confirm=ja is not yes (${wrongAnswer.status})`);

  const finalized = await practitionerClient.post(`/notes/${noteId}/finalize`, { confirm: "yes" });
  assert.is(finalized.location, `/notes/${noteId}?notice=finalized`);
  const after = (await noteRow(db, noteId))!;
  assert.is(after.status, "final");
  assert.is(after.finalized_by, practitioner.accountId);
  const [finalEvent] = await eventsOf(db, owner.practiceId, "note.finalized", noteId);
  assert.is(finalEvent.details.automatic, false);
  const again = await practitionerClient.post(`/notes/${noteId}`, { version: String(after.version), field_0: "x" });
  assert.is(again.location, `/notes/${noteId}?problem=final`, "a finalized entry is not edited");

  const list = await practitionerClient.get(`/patients/${patientId}/notes`, { "HX-Request": "true" });
  assert.is(list.status, 200);
  assert.not.ok(list.html.includes("<html"), "htmx gets the bare fragment");
  assert.ok(list.html.includes(`/notes/${noteId}`));
  assert.ok(list.html.includes("Festgeschrieben"));
  assert.not.ok(list.html.includes("Kopfschmerz"), "the list shows no content");
  assert.ok((await practitionerClient.get(`/patients/${patientId}/notes`)).html.includes("<html"));
  const boosted = await practitionerClient.get(`/patients/${patientId}/notes`, {
    "HX-Request": "true",
    "HX-Request-Type": "full",
  });
  assert.ok(boosted.html.includes("<html"), "a boosted navigation gets the whole page");
});

notes("the database itself refuses to change or delete a finalized entry and any amendment", async () => {
  const { db, practitionerClient } = await practice();
  const noteId = await writeDraft("Erstgespräch");
  await sql`update notes set title = 'Erstgespräch (Entwurf)' where id = ${noteId}`.execute(db);
  assert.is((await practitionerClient.post(`/notes/${noteId}/finalize`, { confirm: "yes" })).status, 303);

  const updateTitle = await rejected(() => sql`update notes set title = 'Anders' where id = ${noteId}`.execute(db));
  assert.match(updateTitle, /finalized documentation entry can never change/);
  const updateContent = await rejected(() =>
    sql`update notes set content_ciphertext = '\\x00'::bytea where id = ${noteId}`.execute(db)
  );
  assert.ok(updateContent, "new content is refused");
  const backToDraft = await rejected(() =>
    sql`update notes set status = 'draft', finalized_at = null where id = ${noteId}`.execute(db)
  );
  assert.ok(backToDraft, "a finalized entry does not become a draft again");
  const deleted = await rejected(() => sql`delete from notes where id = ${noteId}`.execute(db));
  assert.match(deleted, /can never be deleted/);
  assert.ok(await rejected(() => sql`truncate note_amendments, notes`.execute(db)), "nor truncated");

  // Key rotation's narrow exception: only ciphertext and key version, only when switched on.
  const sneaky = await rejected(() =>
    db.transaction().execute(async (trx) => {
      await sql`select set_config('kartei.key_rotation', 'on', true)`.execute(trx);
      await sql`update notes set title = 'Anders', content_ciphertext = content_ciphertext where id = ${noteId}`
        .execute(trx);
    })
  );
  assert.ok(sneaky, "rotation mode does not open other columns");
  // Nor does it let other content in under the same (or an older) key: only a newer version.
  for (const version of ["key_version", "key_version - 1"]) {
    const sameKey = await rejected(() =>
      db.transaction().execute(async (trx) => {
        await sql`select set_config('kartei.key_rotation', 'on', true)`.execute(trx);
        await sql`update notes set content_ciphertext = '\\x00'::bytea, key_version = ${sql.raw(version)}
          where id = ${noteId}`.execute(trx);
      })
    );
    assert.match(sameKey, /finalized documentation entry can never change/, version);
  }
  assert.is((await noteRow(db, noteId))!.title, "Erstgespräch (Entwurf)");

  assert.is(
    (await practitionerClient.post(`/notes/${noteId}/amendments`, { reason: "Ergänzung", field_0: "x" }))
      .status,
    303,
  );
  const amendment = await db.selectFrom("note_amendments").select("id").where("note_id", "=", noteId)
    .executeTakeFirstOrThrow();
  assert.ok(
    await rejected(() =>
      sql`update note_amendments set created_at = now() where id = ${amendment.id}`
        .execute(db)
    ),
  );
  const amendmentSameKey = await rejected(() =>
    db.transaction().execute(async (trx) => {
      await sql`select set_config('kartei.key_rotation', 'on', true)`.execute(trx);
      await sql`update note_amendments set content_ciphertext = '\\x00'::bytea where id = ${amendment.id}`
        .execute(trx);
    })
  );
  assert.match(amendmentSameKey, /amendment can never change/, "rotation mode needs a newer key for amendments too");
  assert.ok(await rejected(() => sql`delete from note_amendments where id = ${amendment.id}`.execute(db)));

  const draftId = await writeDraft("Noch offen");
  const draft = (await noteRow(db, draftId))!;
  const onDraft = await rejected(() =>
    db.insertInto("note_amendments").values({
      practice_id: draft.practice_id,
      note_id: draftId,
      author_id: draft.author_id,
      content_ciphertext: new Uint8Array([1]),
      key_version: 1,
    }).execute()
  );
  assert.ok(onDraft, "a draft cannot be amended, it is edited");
});

notes("an amendment leaves the original untouched and is shown beside it with who, when and why", async () => {
  const { db, owner, ownerClient, practitionerClient } = await practice();
  const noteId = await writeDraft("Diagnose: Spannungskopfschmerz");
  await practitionerClient.post(`/notes/${noteId}/finalize`, { confirm: "yes" });
  const original = (await noteRow(db, noteId))!;

  const noReason = await ownerClient.post(`/notes/${noteId}/amendments`, { reason: " ", field_0: "Migräne" });
  assert.is(noReason.status, 422);
  assert.ok(fieldError(noReason.html, "reason"), "the reason is required");
  assert.match(noReason.html, /<details class="panel disclosure" open/, "the folded form opens to show the message");
  assert.is((await eventsOf(db, owner.practiceId, "note.amended", noteId)).length, 0);

  const amended = await ownerClient.post(`/notes/${noteId}/amendments`, {
    reason: "Befund nachträglich präzisiert",
    field_0: "Diagnose: Migräne ohne Aura",
  });
  assert.is(amended.location, `/notes/${noteId}?notice=amended`);
  const unchanged = (await noteRow(db, noteId))!;
  assert.equal(unchanged.content_ciphertext, original.content_ciphertext, "the original ciphertext is unchanged");
  assert.is(unchanged.version, original.version);

  const page = await practitionerClient.get(`/notes/${noteId}`);
  assert.ok(page.html.includes("Diagnose: Spannungskopfschmerz"), "the original is shown");
  assert.ok(page.html.includes("Diagnose: Migräne ohne Aura"), "the amended content is shown");
  assert.ok(page.html.includes("Befund nachträglich präzisiert"), "and why");
  assert.ok(page.html.includes("Nachtrag von Dr. Eva Inhaber"), "and who");
  assert.ok(page.html.includes("note-compare"), "side by side");
  const again = await ownerClient.post(`/notes/${noteId}/amendments`, {
    reason: "Nochmals",
    field_0: "Diagnose: Migräne ohne Aura",
  });
  assert.is(again.status, 422, "an amendment that repeats the text as it stands changes nothing");
  assert.ok(fieldError(again.html, "field_0").includes("ändert nichts"), fieldError(again.html, "field_0"));
  const [event] = await eventsOf(db, owner.practiceId, "note.amended", noteId);
  assert.is(event.actor_account_id, owner.accountId);
  const row = await db.selectFrom("note_amendments").selectAll().where("note_id", "=", noteId)
    .executeTakeFirstOrThrow();
  assert.not.ok(latin1(row.content_ciphertext).includes("Migräne"), "the amendment is encrypted");
  assert.not.ok(latin1(row.content_ciphertext).includes("präzisiert"), "its reason too");

  const draftId = await writeDraft("Entwurf");
  const onDraft = await practitionerClient.post(`/notes/${draftId}/amendments`, { reason: "x", field_0: "y" });
  assert.is(onDraft.location, `/notes/${draftId}`, "a draft is edited, not amended");
  assert.is((await eventsOf(db, owner.practiceId, "note.amended", draftId)).length, 0);
});

notes("the background job finalizes the drafts that are due, and only those", async () => {
  const { db, owner, ownerClient, practitionerClient } = await practice();
  assert.is((await ownerClient.post("/notes/settings", { hours: "721" })).status, 422);
  assert.is((await ownerClient.post("/notes/settings", { hours: "1" })).location, "/notes/templates?notice=period");
  const soon = await writeDraft("Fällig nach einer Stunde");
  await ownerClient.post("/notes/settings", { hours: "48" });
  const later = await writeDraft("Fällig nach zwei Tagen");
  const [periodEvent] = await eventsOf(db, owner.practiceId, "practice.notes_finalize_period_changed");
  assert.equal(periodEvent.details, { from: 24, to: 1 });
  await ownerClient.post("/notes/settings", { hours: "24" });

  const now = (await noteRow(db, soon))!.created_at;
  assert.is(await finalizeDueNotes(db, new Date(now.getTime() + 30 * 60_000)), 0, "nothing is due yet");
  const finalized = await finalizeDueNotes(db, new Date(now.getTime() + 2 * 3_600_000));
  assert.ok(finalized >= 1);
  assert.is((await noteRow(db, soon))!.status, "final");
  assert.is((await noteRow(db, soon))!.finalized_by, null);
  assert.is((await noteRow(db, later))!.status, "draft", "a draft not yet due stays a draft");
  const [event] = await eventsOf(db, owner.practiceId, "note.finalized", soon);
  assert.is(event.details.automatic, true);
  assert.is(event.actor_account_id, null);
  assert.is(await finalizeDueNotes(db, new Date(now.getTime() + 2 * 3_600_000)), 0, "each draft once");
  const page = await practitionerClient.get(`/notes/${soon}`);
  assert.ok(page.html.includes("automatisch"));
});

notes("only its author edits, finalizes or discards a draft; a finalized entry is never discarded", async () => {
  const { db, owner, ownerClient, practitionerClient } = await practice();
  const noteId = await writeDraft("Privat notiert");
  const row = (await noteRow(db, noteId))!;
  const read = await ownerClient.get(`/notes/${noteId}`);
  assert.is(read.status, 200, "colleagues may read a draft");
  assert.not.ok(read.html.includes(`action="/notes/${noteId}/discard"`), "but get no forms to change it");
  assert.is((await ownerClient.post(`/notes/${noteId}/discard`, {})).status, 403);
  assert.is((await ownerClient.post(`/notes/${noteId}/finalize`, { confirm: "yes" })).status, 403);
  assert.is((await ownerClient.post(`/notes/${noteId}`, { version: String(row.version), field_0: "x" })).status, 403);
  assert.is((await noteRow(db, noteId))!.status, "draft");
  assert.is((await eventsOf(db, owner.practiceId, "note.discarded", noteId)).length, 0);

  const discarded = await practitionerClient.post(`/notes/${noteId}/discard`, {});
  assert.is(discarded.location, `/patients/${row.patient_id}/notes?notice=discarded`);
  assert.is(await noteRow(db, noteId), undefined, "the draft is gone");
  const [event] = await eventsOf(db, owner.practiceId, "note.discarded", noteId);
  assert.is(event.details.patientId, row.patient_id);
  assert.is((await practitionerClient.get(`/notes/${noteId}`)).status, 404);

  const finalId = await writeDraft("Bleibt");
  await practitionerClient.post(`/notes/${finalId}/finalize`, { confirm: "yes" });
  const refused = await practitionerClient.post(`/notes/${finalId}/discard`, {});
  assert.is(refused.location, `/notes/${finalId}?problem=final`);
  assert.ok(await noteRow(db, finalId), "a finalized entry is never deleted");
});

notes("the front desk sees no documentation, not even the list", async () => {
  const { frontDeskClient, patientId } = await practice();
  const noteId = await writeDraft("Nur für Behandelnde");
  assert.is((await frontDeskClient.get(`/notes/${noteId}`)).status, 403);
  assert.is((await frontDeskClient.get(`/patients/${patientId}/notes`)).status, 403);
  assert.is((await frontDeskClient.get(`/patients/${patientId}/notes/new`)).status, 403);
  assert.is((await frontDeskClient.post(`/patients/${patientId}/notes`, { field_0: "x" })).status, 403);
  assert.is((await frontDeskClient.get("/notes/templates")).status, 403);
});

notes("another practice's entries and patients answer 404 and nothing changes", async () => {
  const { app, db, clock, patientId } = await practice();
  const noteId = await writeDraft("Fremde Praxis darf das nicht sehen");
  const stranger = new TestClient(app);
  const other = await signedInOwner(stranger, db, clock);
  assert.is((await stranger.get(`/notes/${noteId}`)).status, 404);
  assert.is((await stranger.get(`/patients/${patientId}/notes`)).status, 404);
  assert.is((await stranger.get(`/patients/${patientId}/notes/new`)).status, 404);
  assert.is((await stranger.post(`/patients/${patientId}/notes`, { template_id: "", field_0: "x" })).status, 404);
  assert.is((await stranger.post(`/notes/${noteId}/finalize`, { confirm: "yes" })).status, 404);
  assert.is((await stranger.post(`/notes/${noteId}/discard`, {})).status, 404);
  assert.is((await stranger.post(`/notes/${noteId}/amendments`, { reason: "x", field_0: "y" })).status, 404);
  assert.is((await stranger.post(`/notes/${noteId}`, { version: "1", field_0: "y" })).status, 404);
  assert.is((await stranger.get("/notes/not-a-uuid")).status, 404);
  assert.is((await stranger.get(`/patients/x'--/notes`)).status, 404);
  assert.is((await noteRow(db, noteId))!.status, "draft");
  assert.is((await eventsOf(db, other.practiceId, "note.viewed")).length, 0);

  // Their own patient with our appointment: refused beside the field, nothing written.
  const theirPatient = await storedPatient(db, other.practiceId, "Schmidt", "Jonas");
  const { owner, practitioner } = await practice();
  const ourAppointment = await storedAppointment(
    db,
    owner.practiceId,
    practitioner.membershipId,
    patientId,
    new Date(),
  );
  const mixed = await stranger.post(`/patients/${theirPatient}/notes`, {
    template_id: "",
    appointment_id: ourAppointment,
    field_0: "x",
  });
  assert.is(mixed.status, 422);
  assert.ok(fieldError(mixed.html, "appointment_id") || mixed.html.includes("error-summary"));
  assert.is((await db.selectFrom("notes").select("id").where("patient_id", "=", theirPatient).execute()).length, 0);
});

notes("templates: the owner manages them, others may not; bad input is refused beside the field", async () => {
  const { db, owner, ownerClient, practitionerClient, patientId } = await practice();
  assert.is((await practitionerClient.get("/notes/templates")).status, 403);
  assert.is((await practitionerClient.post("/notes/templates", { name: "x", headings: "y" })).status, 403);

  const bad = await ownerClient.post("/notes/templates", { name: "", headings: Array(31).fill("Zeile").join("\n") });
  assert.is(bad.status, 422);
  assert.ok(fieldError(bad.html, "name"));
  assert.ok(fieldError(bad.html, "headings"));
  const badHours = await ownerClient.post("/notes/settings", { hours: "12abc" });
  assert.is(badHours.status, 422);
  assert.ok(fieldError(badHours.html, "hours"));

  await ownerClient.post("/notes/templates", { name: "Erstanamnese", headings: "Anlass\nVorgeschichte" });
  const template = await db.selectFrom("note_templates").selectAll().where("practice_id", "=", owner.practiceId)
    .where("name", "=", "Erstanamnese").executeTakeFirstOrThrow();
  const edit = await ownerClient.post(`/notes/templates/${template.id}`, {
    name: "Erstanamnese (kurz)",
    headings: "Anlass",
  });
  assert.is(edit.status, 303);
  assert.equal(
    (await db.selectFrom("note_templates").select("headings").where("id", "=", template.id)
      .executeTakeFirstOrThrow()).headings,
    ["Anlass"],
  );
  assert.is((await ownerClient.post(`/notes/templates/${template.id}/archive`, {})).status, 303);
  const form = await practitionerClient.get(`/patients/${patientId}/notes/new`);
  assert.not.ok(form.html.includes("Erstanamnese (kurz)"), "archived templates are not offered");
  assert.ok(form.html.includes("Freitext"), "free text is always offered");
  const archivedUse = await practitionerClient.post(`/patients/${patientId}/notes`, {
    template_id: template.id,
    field_0: "x",
  });
  assert.is(archivedUse.status, 422);
  assert.is((await eventsOf(db, owner.practiceId, "note_template.archived", template.id)).length, 1);
});

notes("key rotation re-encrypts finalized entries and amendments, and they still read the same", async () => {
  const { db, masterKey, owner, practitionerClient } = await practice();
  const noteId = await writeDraft("Vor der Schlüsselrotation");
  await practitionerClient.post(`/notes/${noteId}/finalize`, { confirm: "yes" });
  await practitionerClient.post(`/notes/${noteId}/amendments`, { reason: "Ergänzt", field_0: "Nach dem Nachtrag" });
  const before = (await noteRow(db, noteId))!;
  const from = await currentDataKey(db, masterKey, owner.practiceId);
  const version = from.version + 1;
  await db.insertInto("practice_keys").values({
    practice_id: owner.practiceId,
    version,
    wrapped_key: await createWrappedDataKey(masterKey, dataKeyOwner(owner.practiceId, version)),
  }).execute();
  const to = { version, key: await dataKeyVersion(db, masterKey, owner.practiceId, version) };
  const count = await db.transaction().execute((trx) => reencryptNotes(trx, owner.practiceId, from, to));
  assert.ok(count >= 2);
  const after = (await noteRow(db, noteId))!;
  assert.is(after.key_version, version);
  assert.is.not(latin1(after.content_ciphertext), latin1(before.content_ciphertext));
  assert.is(after.status, "final");
  const page = await practitionerClient.get(`/notes/${noteId}`);
  assert.ok(page.html.includes("Vor der Schlüsselrotation"));
  assert.ok(page.html.includes("Nach dem Nachtrag"));
  const stillOld = await db.selectFrom("notes").select("id").where("practice_id", "=", owner.practiceId)
    .where("key_version", "=", from.version).execute();
  assert.is(stillOld.length, 0);
  const changed = await rejected(() => sql`update notes set key_version = 1 where id = ${noteId}`.execute(db));
  assert.ok(changed, "outside the rotation the entry is immutable again");
});

notes("whatever is typed into an entry is refused beside its field or kept as typed, never a 500", async () => {
  const { practitionerClient, patientId, ownerClient } = await practice();
  const post = (fields: Record<string, string>) =>
    practitionerClient.post(`/patients/${patientId}/notes`, { template_id: "", appointment_id: "", ...fields });
  const nul = await post({ field_0: "a\u0000b" });
  assert.is(nul.status, 422);
  assert.ok(fieldError(nul.html, "field_0"));
  const long = await post({ field_0: "x".repeat(20_001) });
  assert.is(long.status, 422);
  assert.ok(fieldError(long.html, "field_0").includes("20000"));
  assert.is((await post({ field_0: "x", appointment_id: "nicht-da" })).status, 422);
  assert.is((await post({ field_0: "x", template_id: "00000000-0000-4000-8000-000000000000" })).status, 422);
  for (const hours of ["0", "721", "1e2", "-5", "99999999999999999999", "٣"]) {
    assert.is((await ownerClient.post("/notes/settings", { hours })).status, 422, hours);
  }

  const typed = "Ärztin: „Zustand gut“ 👍\n\tzweite Zeile <script>alert(1)</script>";
  const created = await post({ field_0: typed });
  assert.is(created.status, 303);
  const page = await practitionerClient.get(created.location!);
  assert.ok(page.html.includes("Ärztin: „Zustand gut“ 👍"));
  assert.ok(page.html.includes("&lt;script&gt;"), "escaped, not markup");
  assert.not.ok(page.html.includes("<script>alert"));
});

notes("several processes finalizing at once: each due draft once, audited once, audit chains intact", async () => {
  const { app, db, clock, owner } = await practice();
  const otherClient = new TestClient(app);
  const other = await signedInOwner(otherClient, db, clock);
  const theirPatient = await storedPatient(db, other.practiceId, "Schmidt", "Jonas");
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) {
    ids.push(await writeDraft(`Fällig ${i}`));
    const created = await otherClient.post(`/patients/${theirPatient}/notes`, {
      template_id: "",
      field_0: `Fällig ${i}`,
    });
    ids.push(noteIdOf(created.location));
  }
  const past = new Date(clock.now().getTime() - 60_000);
  await db.updateTable("notes").set({ finalize_due_at: past }).where("id", "in", ids).execute();

  let finalized = 0;
  for (let round = 0; round < 5; round++) {
    const counts = await Promise.all([1, 2, 3, 4].map(() => finalizeDueNotes(db, clock.now(), 3)));
    const sum = counts.reduce((a, b) => a + b, 0);
    finalized += sum;
    if (sum === 0) break;
  }
  assert.is(finalized, ids.length, "every due draft, and none twice");
  const rows = await db.selectFrom("notes").select("status").where("id", "in", ids).execute();
  assert.ok(rows.every((row) => row.status === "final"));
  const events = await db.selectFrom("audit_events").select("subject_id").where("action", "=", "note.finalized")
    .where("subject_id", "in", ids).execute();
  assert.is(events.length, ids.length, "one audit event each");
  assert.is(new Set(events.map((event) => event.subject_id)).size, ids.length);
  for (const practiceId of [owner.practiceId, other.practiceId]) {
    assert.is((await verifySealedChain(db, practiceId)).intact, true);
  }
});

notes("a free-text entry is named in each reader's language, not in its author's", async () => {
  const { db, ownerClient, practitionerClient, patientId } = await practice();
  const switchTo = (lang: string) => practitionerClient.post("/language", { lang, return_to: "/" });
  await switchTo("en");
  try {
    const noteId = await writeDraft("Written in English");
    assert.is((await noteRow(db, noteId))!.title, "", "no language-bound name is stored");
    assert.ok((await practitionerClient.get(`/patients/${patientId}/notes`)).html.includes("<td>Free text</td>"));
    const list = await ownerClient.get(`/patients/${patientId}/notes`);
    assert.ok(list.html.includes("<td>Freitext</td>"), "a German colleague reads „Freitext“");
    assert.not.ok(list.html.includes("Free text"));
    assert.ok((await ownerClient.get(`/notes/${noteId}`)).html.includes("<title>Freitext · "));
  } finally {
    await switchTo("de");
  }
});

notes("an entry opens in a practice whose key this process has not unwrapped yet (as after a restart)", async () => {
  // A new practice's key is unwrapped first by this read, inside its audit transaction: on
  // embedded PGlite's one connection that lookup must go through the transaction, not around it.
  const { app, db, clock, masterKey } = await createTestApp();
  const client = new TestClient(app);
  const owner = await signedInOwner(client, db, clock);
  const patientId = await storedPatient(db, owner.practiceId, "Kaltstart", "Karla");
  const wrapped = await db.selectFrom("practice_keys").select("wrapped_key").where("practice_id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  const key = await unwrapDataKey(masterKey, wrapped.wrapped_key, dataKeyOwner(owner.practiceId, 1));
  const id = crypto.randomUUID();
  const content = new TextEncoder().encode(
    JSON.stringify({ fields: [{ heading: "", text: "Erster Blick nach Neustart" }] }),
  );
  await db.insertInto("notes").values({
    id,
    practice_id: owner.practiceId,
    patient_id: patientId,
    title: "",
    author_id: owner.accountId,
    content_ciphertext: await encryptBytes(key, content, noteAssociatedData(owner.practiceId, id)),
    key_version: 1,
    finalize_due_at: new Date(clock.now().getTime() + 86_400_000),
  }).execute();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), 15_000)));
  const page = await Promise.race([client.get(`/notes/${id}`), hung]);
  clearTimeout(timer);
  assert.ok(page !== "hung", "the read finished");
  assert.is(page.status, 200);
  assert.ok(page.html.includes("Erster Blick nach Neustart"));
});

notes.run();
