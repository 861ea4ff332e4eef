// Names that look alike on screen are alike in the database: an invisible character (zero-width
// space, bidi override, soft hyphen, BOM) or another Unicode composition makes no twin of a
// patient, practice or person, and old rows with such characters are cleaned by a migration.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp, uniqueEmail } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { GOOD_PASSWORD, signedInOwner } from "../support/practice-fixtures.ts";
import { insertPatient, patientFields } from "../support/patient-fixtures.ts";
import { normalisePersonName } from "../../lib/person-name.ts";
import { up as normaliseStoredNames } from "../../db/migrations/20261207_0015_name_normalization.ts";

const rowsOf = (html: string) => [...html.matchAll(/data-patient-id="([^"]+)"/g)].map((m) => m[1]);

const rule = suite("the name rule");

rule("NFC, format characters removed, whitespace collapsed", () => {
  assert.is(normalisePersonName("Alpha\u200Bpatient"), "Alphapatient");
  assert.is(normalisePersonName("\uFEFFAnna\u00AD Maria\u200D"), "Anna Maria");
  assert.is(normalisePersonName("M\u202Eüller\u202C \u2066x\u2069"), "Müller x");
  assert.is(normalisePersonName("Mu\u0308ller"), "Müller", "decomposed umlaut composed");
  assert.is(normalisePersonName("  Anna \t \u00A0 Lena  "), "Anna Lena");
  assert.is(normalisePersonName("Maria\r\nBcc"), "Maria\r\nBcc", "line breaks are left for the field rules to refuse");
});

rule.run();

const patients = suite("patients with invisible characters");

let shared: ReturnType<typeof setUp> | undefined;
async function setUp() {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const owner = await signedInOwner(client, db, clock, { practice_name: "Praxis Unsichtbar" });
  return { app, db, client, owner };
}
const practice = () => (shared ??= setUp());

patients("a zero-width space or bidi override in the name is found as the duplicate it is", async () => {
  const { client, db, owner } = await practice();
  const first = await client.post(
    "/patients",
    patientFields({ family_name: "Alphapatient", given_names: "Eva", date_of_birth: "03.04.1975" }),
  );
  assert.is(first.status, 303);
  const id = first.location!.split("?")[0].split("/").pop()!;
  for (const family of ["Alpha\u200Bpatient", "\u202EAlphapatient", "Alpha\u00ADpatient\uFEFF", "Alpha\u2060patient"]) {
    const twin = await client.post(
      "/patients",
      patientFields({ family_name: family, given_names: "E\u200Cva", date_of_birth: "1975-04-03" }),
    );
    assert.is(twin.status, 409, JSON.stringify(family));
    assert.ok(twin.html.includes(`/patients/${id}`), "links the existing patient");
  }
  const stored = await db.selectFrom("patients").select(["family_name", "given_names"])
    .where("practice_id", "=", owner.practiceId).where("search_name", "like", "alpha%").execute();
  assert.equal(stored, [{ family_name: "Alphapatient", given_names: "Eva" }], "no twin written");

  // Confirmed on purpose, it is stored without the invisible character and both are found.
  const confirmed = await client.post("/patients", {
    ...patientFields({
      family_name: "Alpha\u200Bpatient",
      given_names: "Eva",
      date_of_birth: "03.04.1975",
      emergency_contact_name: "Max\u202E Muster",
      title: "Dr.\u200B",
    }),
    confirm_duplicate: "yes",
  });
  assert.is(confirmed.status, 303);
  const second = confirmed.location!.split("?")[0].split("/").pop()!;
  const row = await db.selectFrom("patients").select(["family_name", "emergency_contact_name", "title", "search_name"])
    .where("id", "=", second).executeTakeFirstOrThrow();
  assert.equal(row, {
    family_name: "Alphapatient",
    emergency_contact_name: "Max Muster",
    title: "Dr.",
    search_name: "alphapatient eva",
  });
  for (const query of ["Alphapatient Eva", "Alpha\u200Bpatient", "alphapatient"]) {
    const rows = rowsOf((await client.get(`/patients?q=${encodeURIComponent(query)}`)).html);
    assert.ok(rows.includes(id) && rows.includes(second), `${JSON.stringify(query)} finds both`);
  }
});

patients("practice, owner, location and invitation names are stored without format characters", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const email = uniqueEmail("invisible");
  const owner = await signedInOwner(client, db, clock, {
    email,
    practice_name: "Praxis\u200B am\u202E Markt",
    owner_name: "Maria\u00AD  Beispiel\uFEFF",
  });
  const practiceRow = await db.selectFrom("practices").select("name").where("id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  assert.is(practiceRow.name, "Praxis am Markt");
  const account = await db.selectFrom("accounts").select("name").where("email", "=", email).executeTakeFirstOrThrow();
  assert.is(account.name, "Maria Beispiel");
  const location = await client.post("/team/locations", { name: "Zweig\u200Bstelle", address: "" });
  assert.ok(location.status < 400, `location saved (${location.status})`);
  const locations = await db.selectFrom("locations").select("name").where("practice_id", "=", owner.practiceId)
    .execute();
  assert.ok(locations.some((l) => l.name === "Zweigstelle"), JSON.stringify(locations));
  const onlyInvisible = await new TestClient(app).post("/register", {
    practice_name: "\u200B\u202E",
    owner_name: "Maria Beispiel",
    email: uniqueEmail("invisible"),
    password: GOOD_PASSWORD,
    password_confirmation: GOOD_PASSWORD,
    accept_terms: "yes",
  });
  assert.is(onlyInvisible.status, 422, "a name of invisible characters alone is no name");
  assert.is(fieldError(onlyInvisible.html, "practice_name"), "Bitte ausfüllen.");
});

patients("the migration cleans stored names and recomputes the search form of the rows it changes", async () => {
  const { client, db, owner } = await practice();
  const twin = await insertPatient(db, owner.practiceId, { family_name: "Beta\u200Bpatient", given_names: "Jo" });
  const reversed = await insertPatient(db, owner.practiceId, {
    family_name: "\u202Egamma",
    given_names: "Mu\u0308ller",
  });
  const plain = await insertPatient(db, owner.practiceId, { family_name: "Betapatient", given_names: "Jo" });
  // The search forms the code before this rule computed (a format character became a space).
  await db.updateTable("patients").set({ search_name: "beta patient jo" }).where("id", "=", twin).execute();
  await db.updateTable("patients").set({ search_name: "gamma muller" }).where("id", "=", reversed).execute();
  const before = rowsOf((await client.get(`/patients?q=${encodeURIComponent("Betapatient Jo")}`)).html);
  assert.not.ok(before.includes(twin), "before the migration the twin hides from a full-name search");
  await db.updateTable("practices").set({ name: "Praxis\u200B Unsichtbar" }).where("id", "=", owner.practiceId)
    .execute();

  await normaliseStoredNames(db);

  const rows = await db.selectFrom("patients").select(["id", "family_name", "given_names", "search_name"])
    .where("id", "in", [twin, reversed, plain]).orderBy("family_name").execute();
  const byId = Object.fromEntries(rows.map((row) => [row.id, row]));
  assert.equal(byId[twin], { id: twin, family_name: "Betapatient", given_names: "Jo", search_name: "betapatient jo" });
  assert.equal(byId[reversed], {
    id: reversed,
    family_name: "gamma",
    given_names: "Müller",
    search_name: "gamma mueller",
  });
  const practiceRow = await db.selectFrom("practices").select("name").where("id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  assert.is(practiceRow.name, "Praxis Unsichtbar");
  const after = rowsOf((await client.get(`/patients?q=${encodeURIComponent("Betapatient Jo")}`)).html);
  assert.ok(after.includes(twin) && after.includes(plain), "both found after the migration");
});

patients.run();
