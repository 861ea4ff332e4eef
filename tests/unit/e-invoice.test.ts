import { suite } from "uvu";
import * as assert from "uvu/assert";
import { type EInvoiceInput, postalAddress, xrechnungXml } from "../../lib/e-invoice.ts";
import { vatLines } from "../../lib/money.ts";

const einvoice = suite("e-invoice (XRechnung, EN 16931) for business recipients");

const items = [
  {
    description: "Betriebliches Gesundheitscoaching",
    serviceDate: "2026-03-02",
    quantity: 2,
    amountCents: 24000,
    vatTreatment: "standard" as const,
  },
  {
    description: "Heilbehandlung",
    serviceDate: "2026-03-03",
    quantity: 1,
    amountCents: 9000,
    vatTreatment: "exempt" as const,
  },
];
const lines = vatLines(items);
const invoice: EInvoiceInput = {
  kind: "invoice",
  number: "2026-0042",
  issueDate: "2026-03-05",
  dueDate: "2026-03-19",
  cancelsNumber: null,
  seller: {
    name: "Praxis Sonnenweg",
    address: "Sonnenweg 3\n10115 Berlin",
    taxNumber: "27/123/45678",
    vatId: "DE123456789",
    iban: "DE02 1203 0000 0000 2020 51",
    bic: "",
    email: "praxis@sonnenweg.example",
  },
  buyer: {
    name: "Firma & Söhne GmbH",
    address: "Personalabteilung\nHafenstraße 1\n20095 Hamburg",
    email: "rechnung@firma.example",
  },
  items,
  vatLines: lines,
  netCents: 33000,
  vatCents: lines.reduce((sum, line) => sum + line.vatCents, 0),
  totalCents: 33000 + lines.reduce((sum, line) => sum + line.vatCents, 0),
};

async function xpath(xml: string, expression: string): Promise<string> {
  const file = await Deno.makeTempFile({ suffix: ".xml" });
  try {
    await Deno.writeTextFile(file, xml);
    const output = await new Deno.Command("xmllint", {
      args: ["--xpath", expression, file],
      stdout: "piped",
      stderr: "piped",
    })
      .output();
    if (output.code !== 0) throw new Error(new TextDecoder().decode(output.stderr));
    return new TextDecoder().decode(output.stdout).trim();
  } finally {
    await Deno.remove(file);
  }
}

const at = (path: string) => path.split("/").map((name) => `*[local-name()='${name}']`).join("/");

einvoice(
  "an invoice becomes well-formed XRechnung UBL with its number, parties, VAT breakdown and exemption note",
  async () => {
    const xml = await xrechnungXml(invoice);
    assert.is(
      await xpath(xml, `string(/${at("Invoice/CustomizationID")})`),
      "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
    );
    assert.is(await xpath(xml, `string(/${at("Invoice/ID")})`), "2026-0042");
    assert.is(await xpath(xml, `string(/${at("Invoice/InvoiceTypeCode")})`), "380");
    assert.is(
      await xpath(xml, `string(/${at("Invoice/AccountingCustomerParty/Party/PartyLegalEntity/RegistrationName")})`),
      "Firma & Söhne GmbH",
    );
    assert.is(
      await xpath(xml, `string(/${at("Invoice/AccountingCustomerParty/Party/PostalAddress/PostalZone")})`),
      "20095",
    );
    assert.is(await xpath(xml, `string(/${at("Invoice/LegalMonetaryTotal/PayableAmount")})`), "375.60");
    assert.is(await xpath(xml, `string(/${at("Invoice/TaxTotal/TaxAmount")})`), "45.60");
    assert.is(await xpath(xml, `count(/${at("Invoice/TaxTotal/TaxSubtotal")})`), "2");
    assert.match(await xpath(xml, `string(//*[local-name()='TaxExemptionReason'])`), "§ 4 Nr. 14 UStG");
    assert.is(
      await xpath(xml, `string(//*[local-name()='PayeeFinancialAccount']/*[local-name()='ID'])`),
      "DE02120300000000202051",
    );
    assert.is(await xpath(xml, `count(/${at("Invoice/InvoiceLine")})`), "2");
  },
);

einvoice("a cancellation becomes a credit note that names the invoice it cancels", async () => {
  const xml = await xrechnungXml({
    ...invoice,
    kind: "cancellation",
    number: "2026-0043",
    cancelsNumber: "2026-0042",
    items: items.map((item) => ({ ...item, amountCents: -item.amountCents })),
    vatLines: lines.map((line) => ({ ...line, netCents: -line.netCents, vatCents: -line.vatCents })),
    netCents: -invoice.netCents,
    vatCents: -invoice.vatCents,
    totalCents: -invoice.totalCents,
  });
  assert.match(xml, "381");
  assert.match(
    await xpath(xml, `string(//*[local-name()='InvoiceDocumentReference']/*[local-name()='ID'])`),
    "2026-0042",
  );
});

einvoice("the library's EN 16931 schema check refuses data that breaks it: no XML is written", async () => {
  let refused = false;
  try {
    await xrechnungXml({ ...invoice, issueDate: "5.3.2026" });
  } catch {
    refused = true;
  }
  assert.ok(refused);
});

einvoice("addresses are read as the invoice prints them: street first, postcode and town last", () => {
  assert.equal(postalAddress("Sonnenweg 3\n10115 Berlin"), {
    street: "Sonnenweg 3",
    postcode: "10115",
    city: "Berlin",
  });
  assert.equal(postalAddress("z. Hd. Frau A\nHafenstraße 1\n20095 Hamburg").postcode, "20095");
  assert.equal(postalAddress(""), { street: "", postcode: "", city: "" });
});

einvoice.run();
