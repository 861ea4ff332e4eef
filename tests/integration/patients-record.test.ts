import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp, TEST_BASE_URL } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { patientFields } from "../support/patient-fixtures.ts";

let shared: ReturnType<typeof setUp> | undefined;
async function setUp() {
  const { app, db, clock, masterKey } = await createTestApp();
  const client = new TestClient(app);
  const owner = await signedInOwner(client, db, clock, { practice_name: "Praxis Akte" });
  return { app, db, clock, masterKey, client, owner };
}
const practice = () => (shared ??= setUp());

async function addPatient(client: TestClient, fields: Record<string, string> = {}) {
  const page = await client.post("/patients", { ...patientFields(fields), confirm_duplicate: "yes" });
  if (page.status !== 303) throw new Error(`create answered ${page.status}`);
  return page.location!.split("?")[0].split("/").pop()!;
}

/** Posts a multipart form as a browser does for a form with a file input. */
async function postMultipart(client: TestClient, path: string, fields: Record<string, string>, file?: File) {
  const form = new FormData();
  form.set("_csrf", client.csrfToken() ?? "");
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  form.set("file", file ?? new File([], "", { type: "application/octet-stream" }));
  return await client.send(path, { method: "POST", headers: { Origin: TEST_BASE_URL }, body: form });
}

const record = suite("the patient record");

record("every view of the record writes an audit event naming the patient, in the same request", async () => {
  const { client, db, owner } = await practice();
  const id = await addPatient(client, { family_name: "Gesehen" });
  const views = () =>
    db.selectFrom("audit_events").select(["actor_account_id", "subject_type", "details"])
      .where("practice_id", "=", owner.practiceId).where("action", "=", "patient.viewed")
      .where("subject_id", "=", id).execute();
  assert.is((await views()).length, 0);
  assert.is((await client.get(`/patients/${id}`)).status, 200);
  assert.is((await client.get(`/patients/${id}`)).status, 200);
  const events = await views();
  assert.is(events.length, 2);
  assert.is(events[0].actor_account_id, owner.accountId);
  assert.is(events[0].subject_type, "patient");
  assert.not.ok(JSON.stringify(events[0].details).includes("Gesehen"), "no names in the audit details");
});

record("the record lazily loads the sections of the areas the viewer may see", async () => {
  const { app, client, db, clock, masterKey, owner } = await practice();
  const id = await addPatient(client);
  const page = await client.get(`/patients/${id}`);
  for (const area of ["appointments", "notes", "documents"]) {
    assert.ok(page.html.includes(`hx-get="/patients/${id}/${area}"`), area);
  }
  const desk = await addMember(db, masterKey, owner.practiceId, "front_desk");
  const deskPage = await (await signedInMember(app, clock, desk)).get(`/patients/${id}`);
  assert.is(deskPage.status, 200);
  assert.ok(deskPage.html.includes(`/patients/${id}/appointments`));
  assert.not.ok(deskPage.html.includes(`/patients/${id}/notes`), "no documentation for the front desk");
  assert.not.ok(deskPage.html.includes(`/patients/${id}/documents`));
});

record("an edit based on an older version is refused and writes nothing", async () => {
  const { client, db } = await practice();
  const id = await addPatient(client, { family_name: "Parallel" });
  const form = await client.get(`/patients/${id}/edit`);
  const version = form.html.match(/name="version" value="(\d+)"/)![1];
  const first = await client.post(`/patients/${id}`, {
    ...patientFields({ family_name: "Parallel", city: "Köln" }),
    version,
  });
  assert.is(first.status, 303);
  const second = await client.post(`/patients/${id}`, {
    ...patientFields({ family_name: "Parallel", city: "München" }),
    version,
  });
  assert.is(second.status, 409);
  assert.ok(second.html.includes("inzwischen von jemand anderem geändert"));
  const stored = await db.selectFrom("patients").select(["city", "version"]).where("id", "=", id)
    .executeTakeFirstOrThrow();
  assert.is(stored.city, "Köln");
  assert.is(stored.version, Number(version) + 1);
  const invalid = await client.post(`/patients/${id}`, {
    ...patientFields({ family_name: "", city: "Bonn" }),
    version: String(stored.version),
  });
  assert.is(invalid.status, 422);
  assert.is(fieldError(invalid.html, "family_name"), "Bitte ausfüllen.");
});

record("the front desk creates and edits master data; renaming onto an existing person warns first", async () => {
  const { app, client, db, clock, masterKey, owner } = await practice();
  const existing = await addPatient(client, {
    family_name: "Vorhanden",
    given_names: "Ida",
    date_of_birth: "02.02.1960",
  });
  const desk = await addMember(db, masterKey, owner.practiceId, "front_desk");
  const deskClient = await signedInMember(app, clock, desk);
  const created = await deskClient.post(
    "/patients",
    patientFields({ family_name: "Empfang", date_of_birth: "02.02.1960" }),
  );
  assert.is(created.status, 303);
  const id = created.location!.split("?")[0].split("/").pop()!;
  const rename = patientFields({ family_name: "Vorhanden", given_names: "Ida", date_of_birth: "02.02.1960" });
  const warned = await deskClient.post(`/patients/${id}`, { ...rename, version: "1" });
  assert.is(warned.status, 409);
  assert.ok(warned.html.includes(`/patients/${existing}`));
  const renamed = await deskClient.post(`/patients/${id}`, { ...rename, version: "1", confirm_duplicate: "yes" });
  assert.is(renamed.status, 303);
  const stored = await db.selectFrom("patients").select(["family_name", "updated_by"]).where("id", "=", id)
    .executeTakeFirstOrThrow();
  assert.is(stored.family_name, "Vorhanden");
  assert.is(stored.updated_by, desk.accountId);
  const unchanged = await deskClient.post(`/patients/${id}`, { ...rename, city: "Hamburg", version: "2" });
  assert.is(unchanged.status, 303, "no warning when name and birth date stay as they were");
});

record("another practice's patient answers 404 to every route and changes nothing", async () => {
  const { client, db } = await practice();
  const id = await addPatient(client, { family_name: "Fremd" });
  const { app, clock } = await createTestApp();
  const other = new TestClient(app);
  await signedInOwner(other, db, clock, { practice_name: "Andere Praxis" });
  const version = "1";
  assert.is((await other.get(`/patients/${id}`)).status, 404);
  assert.is((await other.get(`/patients/${id}/edit`)).status, 404);
  assert.is(
    (await other.post(`/patients/${id}`, { ...patientFields({ family_name: "Gekapert" }), version })).status,
    404,
  );
  assert.is((await other.post(`/patients/${id}/archive`, {})).status, 404);
  assert.is((await other.post(`/patients/${id}/restore`, {})).status, 404);
  assert.is(
    (await postMultipart(other, `/patients/${id}/consents`, { subject: "x", given_on: "2024-01-01" })).status,
    404,
  );
  assert.is((await other.get(`/patients/not-a-uuid`)).status, 404);
  assert.is((await other.post(`/patients/not-a-uuid/archive`, {})).status, 404);
  assert.equal(
    (await other.get(`/patients?q=fremd`)).html.match(/data-patient-id/g),
    null,
    "not in the other practice's search",
  );
  const stored = await db.selectFrom("patients").select(["family_name", "archived_at"]).where("id", "=", id)
    .executeTakeFirstOrThrow();
  assert.is(stored.family_name, "Fremd");
  assert.is(stored.archived_at, null);
});

record("a third party without the patients grant is refused", async () => {
  const { app, client, db, clock, masterKey, owner } = await practice();
  const id = await addPatient(client);
  const outsider = await addMember(db, masterKey, owner.practiceId, "third_party");
  const outsiderClient = await signedInMember(app, clock, outsider);
  assert.is((await outsiderClient.get(`/patients`)).status, 403);
  assert.is((await outsiderClient.get(`/patients/${id}`)).status, 403);
  const granted = await addMember(db, masterKey, owner.practiceId, "third_party", { areas: ["patients.master"] });
  assert.is((await (await signedInMember(app, clock, granted)).get(`/patients/${id}`)).status, 200);
});

record.run();

const consents = suite("consent records");

consents("a consent is recorded without a form, then withdrawn with a date; both audited", async () => {
  const { client, db } = await practice();
  const id = await addPatient(client, { family_name: "Einverstanden" });
  const page = await postMultipart(client, `/patients/${id}/consents`, {
    subject: "Behandlungsvertrag und Datenschutzhinweise",
    given_on: "2024-05-02",
  });
  assert.is(page.status, 303);
  const consent = await db.selectFrom("patient_consents").selectAll().where("patient_id", "=", id)
    .executeTakeFirstOrThrow();
  assert.is(consent.document_id, null);
  const shown = await client.get(`/patients/${id}`);
  assert.ok(shown.html.includes("Behandlungsvertrag und Datenschutzhinweise"));
  assert.ok(shown.html.includes("02.05.2024"));

  const early = await client.post(`/patients/${id}/consents/${consent.id}/withdraw`, { withdrawn_on: "2024-05-01" });
  assert.is(early.status, 422);
  assert.ok(fieldError(early.html, `withdrawn_on-${consent.id}`).includes("nicht vor der Erteilung"));
  const withdrawn = await client.post(`/patients/${id}/consents/${consent.id}/withdraw`, {
    withdrawn_on: "2024-09-30",
  });
  assert.is(withdrawn.status, 303);
  const after = await db.selectFrom("patient_consents").select("withdrawn_on").where("id", "=", consent.id)
    .executeTakeFirstOrThrow();
  assert.ok(after.withdrawn_on);
  assert.ok((await client.get(`/patients/${id}`)).html.includes("widerrufen am 30.09.2024"));
  const actions = await db.selectFrom("audit_events").select("action").where("subject_id", "=", id)
    .where("action", "like", "consent.%").orderBy("id").execute();
  assert.equal(actions.map((a) => a.action), ["consent.recorded", "consent.withdrawn"]);
});

consents("the signed form is stored encrypted as a consent document", async () => {
  const { client, db } = await practice();
  const id = await addPatient(client, { family_name: "Unterschrieben" });
  const pdf = new TextEncoder().encode("%PDF-1.4\nEinwilligung Anna Müller unterschrieben\n%%EOF");
  const page = await postMultipart(
    client,
    `/patients/${id}/consents`,
    { subject: "Erinnerung per SMS", given_on: "2024-06-01" },
    new File([pdf], "einwilligung.pdf", { type: "application/pdf" }),
  );
  assert.is(page.status, 303);
  const consent = await db.selectFrom("patient_consents").selectAll().where("patient_id", "=", id)
    .executeTakeFirstOrThrow();
  assert.ok(consent.document_id);
  const document = await db.selectFrom("documents").select(["kind", "patient_id"])
    .where("id", "=", consent.document_id!).executeTakeFirstOrThrow();
  assert.is(document.kind, "consent");
  assert.is(document.patient_id, id);
  const chunks = await db.selectFrom("document_chunks").select("ciphertext")
    .where("document_id", "=", consent.document_id!).execute();
  assert.ok(chunks.length > 0);
  const stored = new TextDecoder().decode(chunks[0].ciphertext);
  assert.not.ok(stored.includes("Einwilligung"), "encrypted at rest");
});

consents("bad consent input answers 422 beside the field and stores nothing", async () => {
  const { client, db } = await practice();
  const id = await addPatient(client, { family_name: "Ungültig" });
  const cases: [Record<string, string>, File | undefined, string, string][] = [
    [{ subject: "", given_on: "2024-01-01" }, undefined, "subject", "Bitte ausfüllen."],
    [{ subject: "X", given_on: "2024-02-30" }, undefined, "given_on", "gültiges Datum"],
    [{ subject: "X", given_on: "2999-01-01" }, undefined, "given_on", "Zukunft"],
    [{ subject: "X", given_on: "2024-01-01" }, new File(["MZ not a pdf"], "virus.exe"), "file", "PDF"],
  ];
  for (const [fields, file, field, message] of cases) {
    const page = await postMultipart(client, `/patients/${id}/consents`, fields, file);
    assert.is(page.status, 422, JSON.stringify(fields));
    assert.ok(fieldError(page.html, field).includes(message), `${field}: ${fieldError(page.html, field)}`);
    assert.match(page.html, /<details class="disclosure" open/, "the folded form opens to show the message");
  }
  const stored = await db.selectFrom("patient_consents").select("id").where("patient_id", "=", id).execute();
  assert.is(stored.length, 0);
});

consents("dates Postgres cannot store, odd multipart shapes and hostile ids answer 4xx, never 500", async () => {
  const { client, db } = await practice();
  const id = await addPatient(client, { family_name: "Feindselig" });
  for (const given_on of ["0000-01-01", "0000-02-29", "31.02.2020", "2024-13-01", "9".repeat(5000)]) {
    const page = await postMultipart(client, `/patients/${id}/consents`, { subject: "X", given_on });
    assert.is(page.status, 422, given_on.slice(0, 20));
    assert.ok(fieldError(page.html, "given_on").includes("gültiges Datum"), given_on.slice(0, 20));
  }
  const recorded = await postMultipart(client, `/patients/${id}/consents`, { subject: "Ü 🙂", given_on: "2024-01-01" });
  assert.is(recorded.status, 303);
  const consent = await db.selectFrom("patient_consents").select("id").where("patient_id", "=", id)
    .executeTakeFirstOrThrow();
  for (const withdrawn_on of ["0000-01-01", "0000-12-31", "2024-02-30"]) {
    const page = await client.post(`/patients/${id}/consents/${consent.id}/withdraw`, { withdrawn_on });
    assert.is(page.status, 422, withdrawn_on);
    assert.ok(fieldError(page.html, `withdrawn_on-${consent.id}`).includes("gültiges Datum"), withdrawn_on);
  }

  // Two files in the one file field: refused beside the field, not silently recorded without one.
  const form = new FormData();
  form.set("_csrf", client.csrfToken() ?? "");
  form.set("subject", "Zwei Dateien");
  form.set("given_on", "2024-01-01");
  const pdf = new TextEncoder().encode("%PDF-1.4\n%%EOF");
  form.append("file", new File([pdf], "a.pdf"));
  form.append("file", new File([pdf], "b.pdf"));
  const two = await client.send(`/patients/${id}/consents`, {
    method: "POST",
    headers: { Origin: TEST_BASE_URL },
    body: form,
  });
  assert.is(two.status, 422);
  assert.ok(fieldError(two.html, "file").length > 0);
  const stored = await db.selectFrom("patient_consents").select("id").where("patient_id", "=", id).execute();
  assert.is(stored.length, 1, "only the valid consent");

  // A multipart body cut off in the middle is a bad request, not a server error.
  const broken = await client.send(`/patients/${id}/consents`, {
    method: "POST",
    headers: { Origin: TEST_BASE_URL, "Content-Type": "multipart/form-data; boundary=XYZ" },
    body: `--XYZ\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${client.csrfToken()}\r\n--XYZ\r\nContent-Disp`,
  });
  assert.ok(broken.status >= 400 && broken.status < 500, String(broken.status));
});

consents.run();
