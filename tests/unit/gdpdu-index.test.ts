import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  centsCell,
  dateCell,
  DTD_FILE_NAME,
  type GdpduIndex,
  readDtd,
  renderIndexXml,
  tableCsv,
} from "../../lib/gdpdu-index.ts";

const gdpdu = suite("GDPdU index.xml (Z3 data access)");

const invoices = {
  url: "rechnungen.csv",
  name: "Rechnungen",
  description: "Ausgestellte Rechnungen & Stornorechnungen",
  columns: [
    { name: "Rechnungsnummer", description: "Nummer", type: "alphanumeric" as const, primaryKey: true },
    { name: "Rechnungsdatum", description: "Datum", type: "date" as const },
    { name: "Brutto", description: "Betrag brutto in EUR", type: "numeric" as const, accuracy: 2 },
    { name: "Empfaenger", description: "Name <Empfänger>", type: "alphanumeric" as const },
  ],
};
const payments = {
  url: "zahlungen.csv",
  name: "Zahlungen",
  description: "Zahlungseingänge",
  columns: [
    { name: "Rechnungsnummer", description: "Nummer der Rechnung", type: "alphanumeric" as const },
    { name: "Betrag", description: "Betrag in EUR", type: "numeric" as const, accuracy: 2 },
  ],
  foreignKeys: [{ column: "Rechnungsnummer", references: "Rechnungen", referencedColumn: "Rechnungsnummer" }],
};

const index: GdpduIndex = {
  supplier: { name: 'Praxis "Am Markt" & Partner', location: "Musterstr. 1, 12345 Berlin", comment: "Kartei" },
  mediaName: "Datenträger 1",
  tables: [invoices, payments],
};

async function xmllintDtd(xml: string): Promise<{ code: number; stderr: string }> {
  const folder = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${folder}/${DTD_FILE_NAME}`, await readDtd());
    await Deno.writeTextFile(`${folder}/index.xml`, xml);
    const output = await new Deno.Command("xmllint", {
      args: ["--noout", "--dtdvalid", `${folder}/${DTD_FILE_NAME}`, `${folder}/index.xml`],
      stdout: "null",
      stderr: "piped",
    }).output();
    return { code: output.code, stderr: new TextDecoder().decode(output.stderr) };
  } finally {
    await Deno.remove(folder, { recursive: true });
  }
}

gdpdu("index.xml is valid against the shipped gdpdu-01-09-2004.dtd (xmllint --dtdvalid)", async () => {
  const xml = renderIndexXml(index);
  assert.ok(xml.includes(`<!DOCTYPE DataSet SYSTEM "${DTD_FILE_NAME}">`));
  const result = await xmllintDtd(xml);
  assert.is(result.stderr, "");
  assert.is(result.code, 0);
});

gdpdu("xmllint does refuse an index that breaks the DTD, so the check above means something", async () => {
  const broken = renderIndexXml(index).replace("<Version>1.0</Version>", "");
  const result = await xmllintDtd(broken);
  assert.is.not(result.code, 0);
  assert.match(result.stderr, /DataSet/);
});

gdpdu("names with markup characters are escaped; control characters are dropped", async () => {
  const xml = renderIndexXml({ ...index, supplier: { ...index.supplier, comment: "a\u0001b </Comment><x>" } });
  assert.ok(xml.includes("Praxis &quot;Am Markt&quot; &amp; Partner"));
  assert.ok(xml.includes("<Comment>ab &lt;/Comment&gt;&lt;x&gt;</Comment>"));
  assert.is((await xmllintDtd(xml)).code, 0);
});

gdpdu("the CSV matches the index: header line, ';', CRLF, decimal comma, DD.MM.YYYY, quotes where needed", () => {
  const csv = tableCsv(invoices, [
    ["2026-0001", dateCell("2026-03-05"), centsCell(12050), 'Muster; "Max"'],
    ["2026-0002", dateCell("2026-03-06"), centsCell(-12050), "Zeile\nzwei"],
  ]);
  const lines = csv.split("\r\n");
  assert.is(lines[0], "Rechnungsnummer;Rechnungsdatum;Brutto;Empfaenger");
  assert.is(lines[1], '2026-0001;05.03.2026;120,50;"Muster; ""Max"""');
  assert.is(lines[2], '2026-0002;06.03.2026;-120,50;"Zeile\nzwei"');
  assert.is(centsCell(5), "0,05");
  assert.is(dateCell(null), "");
});

gdpdu.run();
