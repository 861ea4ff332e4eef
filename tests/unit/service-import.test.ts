import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readServiceCsv } from "../../lib/service-import.ts";

const test = suite("catalogue CSV import");

const HEADER = "katalog;nummer;bezeichnung;preis;punkte;abschnitt;ust";

test("lines become services; GOÄ lines take points and section, others a price", () => {
  const { lines, errors } = readServiceCsv(
    `\ufeff${HEADER}\nown;EA;Erstanamnese 90 Minuten;120,00;;;\ngoae;1;"Beratung; auch telefonisch";;80;personal;exempt\n` +
      `gebueh;20.1;Akupunktur;35;;;\nown;;Coaching;100;;;standard\n`,
  );
  assert.equal(errors, []);
  assert.equal(lines.map((l) => [l.catalogue, l.code, l.name, l.priceCents, l.goaePoints, l.vatTreatment]), [
    ["own", "EA", "Erstanamnese 90 Minuten", 12000, null, "exempt"],
    ["goae", "1", "Beratung; auch telefonisch", 0, 80, "exempt"],
    ["gebueh", "20.1", "Akupunktur", 3500, null, "exempt"],
    ["own", "", "Coaching", 10000, null, "standard"],
  ]);
});

test("each bad line is named with its problem; the good ones stay in the preview", () => {
  const { lines, errors } = readServiceCsv(
    `${HEADER}\nxyz;1;A;1;;;\nown;1;;1;;;\nown;2;B;zwölf;;;\ngoae;3;C;;;personal;\ngoae;4;D;;10;surgery;\n` +
      `own;5;E;1;;;19%\nown;6;F\u0000;1;;;\nown;7;G;1;;;\nown;7;H;1;;;\n`,
  );
  assert.equal(errors, [
    { line: 2, problem: "badCatalogue" },
    { line: 3, problem: "badName" },
    { line: 4, problem: "badPrice" },
    { line: 5, problem: "badPoints" },
    { line: 6, problem: "badSection" },
    { line: 7, problem: "badVat" },
    { line: 8, problem: "badName" },
    { line: 10, problem: "badCode" },
  ]);
  assert.equal(lines.map((l) => l.line), [9]);
});

test("a wrong header, an empty file and broken quoting are refused as a whole", () => {
  assert.equal(readServiceCsv("name;price\nA;1\n").errors, [{ line: 1, problem: "badHeader" }]);
  assert.equal(readServiceCsv("").errors, [{ line: 0, problem: "empty" }]);
  assert.equal(readServiceCsv(`${HEADER}\n`).errors, [{ line: 0, problem: "empty" }]);
  assert.equal(readServiceCsv(`${HEADER}\nown;"1;A;1\n`).errors, [{ line: 0, problem: "unreadable" }]);
});

test.run();
