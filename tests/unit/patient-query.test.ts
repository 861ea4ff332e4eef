import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readBirthDate, readPatientQuery } from "../../lib/patient-query.ts";
import { patientDisplayName } from "../../lib/patient-name.ts";

const today = new Date("2026-11-26T10:00:00Z");
const query = suite("reading the patient search box");

query("German and ISO dates are birth dates; a two-digit year is never in the future", () => {
  assert.is(readBirthDate("12.03.1980", today), "1980-03-12");
  assert.is(readBirthDate("1.3.80", today), "1980-03-01");
  assert.is(readBirthDate("1.3.26", today), "2026-03-01");
  assert.is(readBirthDate("1.3.27", today), "1927-03-01");
  assert.is(readBirthDate("1980-03-12", today), "1980-03-12");
  assert.is(readBirthDate("31.02.1980", today), null);
  assert.is(readBirthDate("1980-13-01", today), null);
});

query("digits with phone punctuation search the phone, everything else the name", () => {
  assert.equal(readPatientQuery("+49 151 / 234-5", today), { kind: "phone", digits: "01512345" });
  assert.equal(readPatientQuery("0151 234", today), { kind: "phone", digits: "0151234" });
  assert.equal(readPatientQuery("07.08.1992", today), { kind: "birth", date: "1992-08-07" });
  assert.equal(readPatientQuery("  Müller-Lüdenscheidt, Anna ", today), {
    kind: "name",
    text: "mueller luedenscheidt anna",
    words: ["mueller", "luedenscheidt", "anna"],
  });
  assert.equal(readPatientQuery("   ", today), { kind: "all" });
  assert.equal(readPatientQuery("%_'\"", today), { kind: "all" }, "no letters: the whole list");
});

query("a patient is named family first, with the title", () => {
  assert.is(patientDisplayName({ title: "Dr.", family_name: "Müller", given_names: "Anna" }), "Dr. Müller, Anna");
  assert.is(patientDisplayName({ title: "", family_name: "Müller", given_names: "" }), "Müller");
});

query.run();
