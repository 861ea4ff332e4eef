import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp, TEST_BASE_URL } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { insertPatient } from "../support/patient-fixtures.ts";
import type { Db } from "../../db/database.ts";

const test = suite("patient import from CSV: upload, mapping, preview, one transaction, hostile files");

async function world() {
  const { app, db, clock, masterKey } = await createTestApp();
  const client = new TestClient(app);
  const owner = await signedInOwner(client, db, clock, { owner_name: "Dr. Ina Import" });
  return { app, db, clock, masterKey, client, owner };
}

let shared: Awaited<ReturnType<typeof world>> | undefined;
const w = async () => (shared ??= await world());

/** Posts the import form as the browser sends it: multipart, the CSRF token first. */
async function postImport(client: TestClient, fields: Record<string, string>, file?: Uint8Array | string) {
  const form = new FormData();
  form.set("_csrf", client.csrfToken() ?? "");
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  if (file !== undefined) form.set("file", new File([file as BlobPart], "patienten.csv", { type: "text/csv" }));
  return await client.send("/patients/import/file", { method: "POST", headers: { Origin: TEST_BASE_URL }, body: form });
}

/** The value of the hidden csv field the preview carries on (as the browser would send it back). */
function hiddenCsv(html: string): string {
  const match = html.match(/name="csv" value="([^"]*)"/);
  assert.ok(match, "the preview carries the file on");
  return match![1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

async function patientCount(db: Db, practiceId: string): Promise<number> {
  const row = await db.selectFrom("patients").select((eb) => eb.fn.countAll<string>().as("n"))
    .where("practice_id", "=", practiceId).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function importEvents(db: Db, practiceId: string) {
  return await db.selectFrom("audit_events").select(["details"])
    .where("practice_id", "=", practiceId).where("action", "=", "patients.imported").execute();
}

test("a Windows-1252 file is previewed with its duplicates, imported only on confirmation, audited with the count", async () => {
  const { db, client, owner } = await w();
  await insertPatient(db, owner.practiceId, {
    family_name: "Schön",
    given_names: "Jürgen",
    date_of_birth: "1970-05-01",
  });
  const text = "Nachname;Vorname;Geburtsdatum;PLZ;Ort;Versicherungsart\r\n" +
    "Müßig;Änne;03.04.1985;10115;Berlin;privat\r\n" +
    "Schön;Jürgen;01.05.1970;;;\r\n" +
    "Weiß;Ölaf;1990-12-24;;;selbstzahler\r\n" +
    "Weiß;Ölaf;24.12.1990;;;\r\n";
  // Windows-1252: each of these letters is one byte.
  const bytes = Uint8Array.from([...text].map((ch) => {
    const code = ch.charCodeAt(0);
    assert.ok(code < 256);
    return code;
  }));
  const before = await patientCount(db, owner.practiceId);
  const preview = await postImport(client, { step: "preview" }, bytes);
  assert.is(preview.status, 200);
  assert.match(preview.html, "Müßig");
  assert.match(preview.html, "4 Zeilen gelesen.");
  assert.match(preview.html, "2 Dubletten");
  assert.match(preview.html, "Ist in der Praxis schon angelegt.");
  assert.match(preview.html, "Steht weiter oben schon in der Datei.");
  assert.match(preview.html, "2 Patientinnen und Patienten importieren");
  assert.is(await patientCount(db, owner.practiceId), before, "nothing written before the confirmation");

  const csv = hiddenCsv(preview.html);
  const mapping = { map_family_name: "Nachname", map_given_names: "Vorname", map_date_of_birth: "Geburtsdatum" };
  const confirmed = await postImport(client, {
    step: "confirm",
    csv,
    ...mapping,
    map_postal_code: "PLZ",
    map_city: "Ort",
    map_insurance_kind: "Versicherungsart",
  });
  assert.is(confirmed.status, 303);
  assert.is(await patientCount(db, owner.practiceId), before + 2);
  const stored = await db.selectFrom("patients").selectAll().where("practice_id", "=", owner.practiceId)
    .where("family_name", "=", "Müßig").executeTakeFirstOrThrow();
  assert.is(stored.given_names, "Änne");
  assert.is(stored.city, "Berlin");
  assert.is(stored.insurance_kind, "private");
  const events = await importEvents(db, owner.practiceId);
  assert.is(events.length, 1);
  assert.equal(events[0].details, { rows: 2 });

  // The mapping is kept: a file headed otherwise is mapped as saved when its columns are there.
  const done = await client.get(confirmed.location!);
  assert.match(done.html, "2 Patientinnen und Patienten importiert.");
});

test("rows are checked by the patient form's rules; an error blocks the import, names are normalised", async () => {
  const { db, client, owner } = await w();
  const before = await patientCount(db, owner.practiceId);
  const csv = "\ufeffNachname,Vorname,Geburtsdatum,Versicherungsart\n" +
    '=HYPERLINK("http://böse.example";"x"),Eva,01.01.1980,\n' +
    "Lang,  Ida\u200b  Maria ,02.02.1982,gesetzlich\n" +
    "Kurz,Ole,31.02.1999,\n" +
    "Zu,Viele,01.01.1980,,extra\n";
  const preview = await postImport(client, { step: "confirm" }, csv);
  assert.is(preview.status, 422, "errors are shown, nothing imported");
  assert.match(preview.html, "3 Zeilen mit Fehlern.");
  assert.match(preview.html, "andere Anzahl Spalten");
  assert.is(await patientCount(db, owner.practiceId), before);
  // Without the failing rows (the statutory one lacks its insurer), the rest imports.
  const fixed = "\ufeffNachname,Vorname,Geburtsdatum\n" +
    '=HYPERLINK("http://böse.example";"x"),Eva,01.01.1980\n' +
    "Lang,  Ida\u200b  Maria ,02.02.1982\n";
  const confirmed = await postImport(client, { step: "confirm" }, new TextEncoder().encode(fixed));
  assert.is(confirmed.status, 303);
  const names = await db.selectFrom("patients").select(["family_name", "given_names"])
    .where("practice_id", "=", owner.practiceId).where("created_at", ">=", new Date(0))
    .where("given_names", "in", ["Eva", "Ida Maria"]).orderBy("given_names").execute();
  assert.equal(names, [
    { family_name: '=HYPERLINK("http://böse.example";"x")', given_names: "Eva" },
    { family_name: "Lang", given_names: "Ida Maria" },
  ]);
});

test("the mapping chosen for odd headings is saved for the practice and used for its next file", async () => {
  const { app, db, clock, client } = await w();
  const file = (name: string) => `Kunde;Ruf;Tag\n${name};Paula;07.07.1977\n`;
  const unmapped = await postImport(client, { step: "preview" }, file("Zuordnung"));
  assert.is(unmapped.status, 422);
  assert.match(unmapped.html, "Diese Felder brauchen eine Spalte");
  const mapped = await postImport(client, {
    step: "confirm",
    csv: hiddenCsv(unmapped.html),
    map_family_name: "Kunde",
    map_given_names: "Ruf",
    map_date_of_birth: "Tag",
  });
  assert.is(mapped.status, 303);
  const next = await postImport(client, { step: "preview" }, file("Zuordnung2"));
  assert.is(next.status, 200);
  assert.match(next.html, '<option value="Kunde" selected>Kunde</option>');
  assert.match(next.html, "1 Patientin oder Patienten importieren");
  // Another practice neither sees this mapping nor counts this practice's patients as duplicates.
  const strangerClient = new TestClient(app);
  const stranger = await signedInOwner(strangerClient, db, clock, { owner_name: "Fremde Praxis" });
  const elsewhere = await postImport(strangerClient, { step: "preview" }, file("Zuordnung"));
  assert.is(elsewhere.status, 422, "no mapping of the other practice");
  const same = await postImport(
    strangerClient,
    { step: "confirm" },
    "Nachname;Vorname;Geburtsdatum\nZuordnung;Paula;07.07.1977\n",
  );
  assert.is(same.status, 303, "the other practice's patient is no duplicate here");
  assert.is(await patientCount(db, stranger.practiceId), 1);
});

test("hostile files are refused with a message, never a 500", async () => {
  const { db, client, owner } = await w();
  const before = await patientCount(db, owner.practiceId);
  const big = new Uint8Array(50 * 1024 * 1024).fill(0x41);
  const tooLarge = await postImport(client, { step: "preview" }, big);
  assert.ok(tooLarge.status === 413, `50 MB: ${tooLarge.status}`);
  const justOver = await postImport(client, { step: "preview" }, new Uint8Array(1_600_000).fill(0x41));
  assert.is(justOver.status, 413);
  assert.match(justOver.html, "größer als 1,5 MB");
  const cases: [string, Uint8Array | string, RegExp][] = [
    ["no file", "", /Bitte wählen Sie eine CSV-Datei/],
    ["broken quote", 'Nachname;Vorname\n"offen;Eva\n', /nicht als CSV lesen/],
    ["only a header", "Nachname;Vorname;Geburtsdatum\n", /keine Zeilen/],
    ["wrong columns", "Spalte A;Spalte B\nx;y\n", /Diese Felder brauchen eine Spalte/],
    ["binary", Uint8Array.from([0xff, 0xfe, 0x00, 0x41, 0x00, 0x0a, 0xc3, 0x28]), /./],
  ];
  for (const [name, file, message] of cases) {
    const page = await postImport(client, { step: "confirm" }, file);
    assert.ok(page.status >= 400 && page.status < 500, `${name}: ${page.status}`);
    assert.match(page.html, message, name);
  }
  const nul = await postImport(client, { step: "confirm" }, "Nachname;Vorname;Geburtsdatum\nA\u0000b;Eva;01.01.1980\n");
  assert.is(nul.status, 422);
  assert.match(nul.html, "1 Zeile mit Fehlern.");
  assert.is(await patientCount(db, owner.practiceId), before);
});

test("only owners import; a plain form is a malformed request", async () => {
  const { app, db, clock, masterKey, client, owner } = await w();
  const member = await addMember(db, masterKey, owner.practiceId, "front_desk");
  const desk = await signedInMember(app, clock, member);
  assert.is((await desk.get("/patients/import")).status, 403);
  assert.is(
    (await postImport(desk, { step: "preview" }, "Nachname;Vorname;Geburtsdatum\nA;B;01.01.1980\n")).status,
    403,
  );
  assert.is((await client.get("/patients/import")).status, 200);
  assert.match((await client.get("/patients")).html, 'href="/patients/import"');
  assert.not.match((await desk.get("/patients")).html, 'href="/patients/import"');
  assert.is((await client.post("/patients/import/file", { step: "preview" })).status, 400);
});

test("10,000 rows import in one transaction within seconds", async () => {
  const { db, client, owner } = await w();
  const lines = ["Nachname;Vorname;Geburtsdatum;Ort"];
  for (let i = 0; i < 10_000; i++) {
    lines.push(`Massen${i};Test;${1 + (i % 28)}.${1 + (i % 12)}.19${50 + (i % 50)};Köln`);
  }
  const before = await patientCount(db, owner.practiceId);
  const started = performance.now();
  const page = await postImport(client, { step: "confirm" }, lines.join("\n"));
  const seconds = (performance.now() - started) / 1000;
  assert.is(page.status, 303);
  assert.is(await patientCount(db, owner.practiceId), before + 10_000);
  console.log(`    10,000 rows: preview check and import in ${seconds.toFixed(2)} s`);
});

test.run();
