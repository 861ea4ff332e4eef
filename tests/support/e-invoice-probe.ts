// Run by tests/unit/launcher-flags.test.ts with exactly the app's permissions: produces one
// XRechnung and prints its invoice number, or fails with the permission the library lacked.
import { xrechnungXml } from "../../lib/e-invoice.ts";
import { vatLines } from "../../lib/money.ts";

const items = [{
  description: "Betriebliches Gesundheitscoaching",
  serviceDate: "2026-03-02",
  quantity: 1,
  amountCents: 12000,
  vatTreatment: "standard" as const,
}];
const lines = vatLines(items);
const vatCents = lines.reduce((sum, line) => sum + line.vatCents, 0);
const xml = await xrechnungXml({
  kind: "invoice",
  number: "2026-0007",
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
  buyer: { name: "Firma GmbH", address: "Hafenstraße 1\n20095 Hamburg", email: "rechnung@firma.example" },
  items,
  vatLines: lines,
  netCents: 12000,
  vatCents,
  totalCents: 12000 + vatCents,
});
console.log(/<cbc:ID>([^<]+)<\/cbc:ID>/.exec(xml)?.[1] ?? "no number");
