import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { patientFields } from "../support/patient-fixtures.ts";

let shared: ReturnType<typeof setUp> | undefined;
async function setUp() {
  const { app, db, clock, masterKey } = await createTestApp();
  const client = new TestClient(app);
  const owner = await signedInOwner(client, db, clock, { practice_name: "Praxis Suche" });
  return { app, db, clock, masterKey, client, owner };
}
const practice = () => (shared ??= setUp());

async function addPatient(client: TestClient, fields: Record<string, string>) {
  const page = await client.post("/patients", { ...patientFields(fields), confirm_duplicate: "yes" });
  if (page.status !== 303) throw new Error(`create answered ${page.status}`);
  return page.location!.split("?")[0].split("/").pop()!;
}

const rowsOf = (html: string) => [...html.matchAll(/data-patient-id="([^"]+)"/g)].map((m) => m[1]);

const create = suite("creating patients");

create("a complete form creates the patient and audits it; the record shows the master data", async () => {
  const { client, db, owner } = await practice();
  const page = await client.post("/patients", patientFields({ family_name: "Brandstätter", given_names: "Jörg" }));
  assert.is(page.status, 303);
  const id = page.location!.split("?")[0].split("/").pop()!;
  const stored = await db.selectFrom("patients").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  assert.is(stored.practice_id, owner.practiceId);
  assert.is(stored.search_name, "brandstaetter joerg");
  assert.is(stored.search_phone, "01512345678");
  assert.is(stored.insurance_number, "A123456780");
  const event = await db.selectFrom("audit_events").select(["action", "subject_id"])
    .where("practice_id", "=", owner.practiceId).where("action", "=", "patient.created")
    .where("subject_id", "=", id).executeTakeFirst();
  assert.ok(event, "audited");
  const record = await client.get(`/patients/${id}`);
  assert.is(record.status, 200);
  assert.ok(record.html.includes("Brandstätter, Jörg"));
  assert.ok(record.html.includes("AOK Nordost"));
});

create("invalid master data answers 422 with messages beside the fields and writes nothing", async () => {
  const { client, db, owner } = await practice();
  const count = async () =>
    Number(
      (await db.selectFrom("patients").select((eb) => eb.fn.countAll().as("n"))
        .where("practice_id", "=", owner.practiceId).executeTakeFirstOrThrow()).n,
    );
  const before = await count();
  const cases: [Record<string, string>, string, string][] = [
    [{ family_name: "" }, "family_name", "Bitte ausfüllen."],
    [{ date_of_birth: "" }, "date_of_birth", "Bitte ausfüllen."],
    [{ date_of_birth: "31.02.1980" }, "date_of_birth", "gültiges Datum"],
    [{ date_of_birth: "1980-03-12'; drop table patients; --" }, "date_of_birth", "Höchstens"],
    [{ date_of_birth: "01.01.2999" }, "date_of_birth", "Zukunft"],
    [{ insurance_number: "123456789" }, "insurance_number", "Buchstaben und neun Ziffern"],
    [{ insurance_number: "A123456781" }, "insurance_number", "Prüfziffer"],
    [{ country: "ZZ" }, "country", "Ländercode"],
    [{ country: "QQ" }, "country", "Ländercode"],
    [{ insurer_name: "" }, "insurer_name", "Bitte ausfüllen."],
    [{ insurance_kind: "other", other_payer: "" }, "other_payer", "Bitte ausfüllen."],
    [{ insurance_kind: "magic" }, "insurance_kind", "Möglichkeiten"],
    [{ email: "not-an-address" }, "email", "E-Mail-Adresse"],
    [{ phone: "call me maybe" }, "phone", "Telefonnummer"],
    [{ postal_code: "1011" }, "postal_code", "fünf Ziffern"],
    [{ family_name: "x".repeat(201) }, "family_name", "Höchstens"],
    [{ given_names: "Anna\u0000" }, "given_names", "nicht erlaubt"],
  ];
  for (const [fields, field, message] of cases) {
    const page = await client.post("/patients", patientFields(fields));
    assert.is(page.status, 422, JSON.stringify(fields));
    assert.ok(fieldError(page.html, field).includes(message), `${field}: ${fieldError(page.html, field)}`);
  }
  assert.is(await count(), before, "nothing written");
});

create("self-payers and private patients need no insurance number; other payers keep only the payer", async () => {
  const { client, db } = await practice();
  const id = await addPatient(client, {
    family_name: "Zahlmann",
    insurance_kind: "other",
    other_payer: "Berufsgenossenschaft",
    insurer_name: "ignoriert",
    insurance_number: "",
  });
  const stored = await db.selectFrom("patients").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  assert.is(stored.other_payer, "Berufsgenossenschaft");
  assert.is(stored.insurer_name, "");
  assert.is(
    (await client.post(
      "/patients",
      patientFields({ family_name: "Selbst", insurance_kind: "self_pay", insurer_name: "" }),
    ))
      .status,
    303,
  );
});

create("the same name and birth date is a possible duplicate: warned, then created only when confirmed", async () => {
  const { client, db, owner } = await practice();
  const first = await addPatient(client, { family_name: "Doppelt", given_names: "Renée", date_of_birth: "01.02.1970" });
  const again = patientFields({ family_name: "DOPPELT", given_names: "Renee", date_of_birth: "1970-02-01" });
  const warned = await client.post("/patients", again);
  assert.is(warned.status, 409);
  assert.ok(warned.html.includes(`/patients/${first}`), "links the match");
  assert.ok(warned.html.includes('name="confirm_duplicate"'));
  const count = async () =>
    (await db.selectFrom("patients").select("id").where("practice_id", "=", owner.practiceId)
      .where("search_name", "=", "doppelt renee").execute()).length;
  assert.is(await count(), 1, "nothing written before confirming");
  const confirmed = await client.post("/patients", { ...again, confirm_duplicate: "yes" });
  assert.is(confirmed.status, 303);
  assert.is(await count(), 2);
});

create.run();

const search = suite("searching patients");

let seeded: Promise<Record<string, string>> | undefined;
function seedSearch() {
  return seeded ??= (async () => {
    const { client } = await practice();
    return {
      mueller: await addPatient(client, { family_name: "Mueller", given_names: "Hans", date_of_birth: "05.06.1955" }),
      muellerUmlaut: await addPatient(client, { family_name: "Müller", given_names: "Grete", phone: "030 / 987 654" }),
      schmidt: await addPatient(client, { family_name: "Schmidt", given_names: "Lotte", date_of_birth: "7.8.92" }),
      weiss: await addPatient(client, { family_name: "Weiß", given_names: "Tom" }),
    };
  })();
}

search("Müller finds Mueller and Mueller finds Müller; a prefix and a typo find both", async () => {
  const { client } = await practice();
  const ids = await seedSearch();
  for (const query of ["Müller", "mueller", "MÜL", "Mül", "Mueler"]) {
    const rows = rowsOf((await client.get(`/patients?q=${encodeURIComponent(query)}`)).html);
    assert.ok(rows.includes(ids.mueller) && rows.includes(ids.muellerUmlaut), query);
    assert.not.ok(rows.includes(ids.schmidt), query);
  }
  const byGiven = rowsOf((await client.get(`/patients?q=${encodeURIComponent("grete mül")}`)).html);
  assert.equal(byGiven, [ids.muellerUmlaut], "words in any order");
  const weiss = rowsOf((await client.get(`/patients?q=weiss`)).html);
  assert.ok(weiss.includes(ids.weiss), "ß as ss");
});

search("exact prefix matches come before similar names", async () => {
  const { client } = await practice();
  const ids = await seedSearch();
  const rows = rowsOf((await client.get(`/patients?q=Muell`)).html);
  assert.ok(rows.indexOf(ids.mueller) >= 0);
  const fuzzy = rowsOf((await client.get(`/patients?q=Schmitd`)).html);
  assert.equal(fuzzy, [ids.schmidt]);
});

search("a misspelt family or given name finds the patient, under the name saved last", async () => {
  const { client } = await practice();
  const ids = await seedSearch();
  const krueger = await addPatient(client, { family_name: "Krüger", given_names: "Ilse" });
  const find = async (q: string) => rowsOf((await client.get(`/patients?q=${encodeURIComponent(q)}`)).html);
  assert.equal(await find("Krger"), [krueger], "a dropped umlaut");
  assert.equal(await find("Ilsse Krger"), [krueger], "both words misspelt");
  assert.equal(await find("Schmitd Lotte"), [ids.schmidt], "a misspelt family name with the given name");
  assert.equal(await find("Lote Schmidt"), [ids.schmidt], "a misspelt given name before the family name");
  const arnold = await addPatient(client, { family_name: "Arnold", given_names: "Henrike" });
  assert.equal(await find("Arnlod"), [arnold], "two letters swapped");
  assert.equal(await find("Anrold Henrkie"), [arnold], "swapped in both words");
  assert.equal(await find("Lotte Mueler"), [], "each word must match the same patient");

  const saved = await client.post(`/patients/${krueger}`, {
    ...patientFields({ family_name: "Kowalczyk", given_names: "Ilse" }),
    version: "1",
    confirm_duplicate: "yes",
  });
  assert.is(saved.status, 303);
  assert.equal(await find("Kowalcyk"), [krueger], "the new name is found misspelt");
  assert.equal(await find("Krger"), [], "the old name no longer is");
});

search("another practice's names are not suggested", async () => {
  const { app, db, clock, client } = await practice();
  const other = new TestClient(app);
  await signedInOwner(other, db, clock, { practice_name: "Praxis Nebenan" });
  await addPatient(other, { family_name: "Wojciechowski", given_names: "Piotr" });
  assert.equal(rowsOf((await client.get(`/patients?q=Wojciechowsky`)).html), []);
  assert.is(rowsOf((await other.get(`/patients?q=Wojciechowsky`)).html).length, 1);
});

search("a birth date in German or ISO form and a phone prefix find the patient", async () => {
  const { client } = await practice();
  const ids = await seedSearch();
  assert.equal(rowsOf((await client.get(`/patients?q=07.08.1992`)).html), [ids.schmidt]);
  assert.equal(rowsOf((await client.get(`/patients?q=7.8.92`)).html), [ids.schmidt]);
  assert.equal(rowsOf((await client.get(`/patients?q=1992-08-07`)).html), [ids.schmidt]);
  assert.equal(rowsOf((await client.get(`/patients?q=${encodeURIComponent("030 98")}`)).html), [ids.muellerUmlaut]);
  assert.is((await client.get(`/patients?q=31.02.1980`)).status, 200, "an impossible date is just no match");
});

search("whatever is typed into the search box answers 200, never 500", async () => {
  const { client } = await practice();
  const typed = [
    "%",
    "_%",
    "\\",
    "'; --",
    "\u0000",
    "ß".repeat(500),
    "1.1.1",
    "+",
    "0000-00-00",
    "😀 ä",
    "a b c d e f g",
  ];
  for (const q of typed) {
    const page = await client.get(`/patients/search?q=${encodeURIComponent(q)}&offset=-5`, { "HX-Request": "true" });
    assert.is(page.status, 200, JSON.stringify(q));
  }
  assert.is((await client.get(`/patients?q=a&offset=99999999999999999999`)).status, 200);
});

search("htmx gets only the rows; the next page is loaded by a link that works without JavaScript", async () => {
  const { client } = await practice();
  for (let i = 0; i < 27; i++) {
    await addPatient(client, { family_name: `Seitenweise`, given_names: `Kind ${String(i).padStart(2, "0")}` });
  }
  const full = await client.get(`/patients?q=seitenweise`);
  assert.ok(full.html.includes("<html"));
  const first = rowsOf(full.html);
  assert.is(first.length, 25);
  assert.ok(full.html.includes(`href="/patients?q=seitenweise&amp;offset=25"`));
  const partial = await client.get(`/patients/search?q=seitenweise&offset=25`, { "HX-Request": "true" });
  assert.not.ok(partial.html.includes("<html"), "rows only");
  const second = rowsOf(partial.html);
  assert.is(second.length, 2);
  assert.not.ok(second.some((id) => first.includes(id)), "no patient twice");
  const picker = await client.get(`/patients/search?q=seitenweise&picker=1`, { "HX-Request": "true" });
  assert.ok(picker.html.includes('name="patient_id"'));
});

search("an archived patient leaves the daily list; the owner still finds it, the front desk does not", async () => {
  const { client, app, db, clock, masterKey, owner } = await practice();
  const id = await addPatient(client, { family_name: "Archivar", given_names: "Otto" });
  assert.is((await client.post(`/patients/${id}/archive`, {})).status, 303);
  assert.equal(rowsOf((await client.get(`/patients?q=archivar`)).html), [], "not in the daily list");
  assert.equal(rowsOf((await client.get(`/patients?q=archivar&archived=1`)).html), [id], "the owner finds it");
  const record = await client.get(`/patients/${id}`);
  assert.ok(record.html.includes("archived-banner"));

  const desk = await addMember(db, masterKey, owner.practiceId, "front_desk");
  const deskClient = await signedInMember(app, clock, desk);
  assert.equal(rowsOf((await deskClient.get(`/patients?q=archivar&archived=1`)).html), [], "not for the front desk");
  assert.is((await deskClient.post(`/patients/${id}/restore`, {})).status, 403);
  assert.is((await client.post(`/patients/${id}/restore`, {})).status, 303);
  assert.equal(rowsOf((await deskClient.get(`/patients?q=archivar`)).html), [id], "back after restoring");
  const actions = await db.selectFrom("audit_events").select("action").where("subject_id", "=", id)
    .where("action", "in", ["patient.archived", "patient.restored"]).orderBy("id").execute();
  assert.equal(actions.map((a) => a.action), ["patient.archived", "patient.restored"]);
});

search.run();
