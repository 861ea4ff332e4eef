// A practice ready to bill: its billing settings saved, a patient with an address, and helpers
// to make drafts and issue them through the db functions the routes call.
import { decodeQR } from "qr/decode.js";
import type { Db } from "../../db/database.ts";
import type { PracticeScope } from "../../db/practice-scope.ts";
import { DEFAULT_BILLING_SETTINGS, saveBillingSettings } from "../../db/billing-settings.ts";
import { addInvoiceItem, createInvoiceDraft, type ItemInput } from "../../db/invoices.ts";
import { issueInvoice } from "../../db/invoice-issuing.ts";
import { addPatient } from "./document-fixtures.ts";

export function facts(now: Date) {
  return { requestId: null, now };
}

export async function billingReady(
  db: Db,
  scope: PracticeScope,
  now: Date,
  overrides: Partial<typeof DEFAULT_BILLING_SETTINGS> = {},
) {
  await saveBillingSettings(db, scope, {
    ...DEFAULT_BILLING_SETTINGS,
    legalName: "Praxis für Naturheilkunde Lindenplatz",
    address: "Lindenplatz 3\n36037 Fulda",
    taxNumber: "018/123/45678",
    iban: "DE89370400440532013000",
    bic: "COBADEFFXXX",
    bankName: "Commerzbank",
    ...overrides,
  }, facts(now));
  const patientId = await addPatient(db, scope.practiceId, "Schäfer", "Jürgen");
  await db.updateTable("patients").set({
    street: "Bahnhofstraße 12",
    postal_code: "36037",
    city: "Fulda",
    email: "juergen.schaefer@patient.example",
  }).where("id", "=", patientId).execute();
  return { patientId };
}

export const FREE_ITEM: ItemInput = {
  serviceDate: "2026-12-01",
  serviceId: null,
  description: "Erstanamnese 90 Minuten",
  unitCents: 12000,
  quantity: 1,
  vatTreatment: "exempt",
  factorHundredths: null,
  justification: "",
  analogousTo: "",
};

/** A draft with one free item (or the given items), for the patient. */
export async function draftWith(
  db: Db,
  scope: PracticeScope,
  patientId: string,
  now: Date,
  items: Partial<ItemInput>[] = [{}],
) {
  const draft = await createInvoiceDraft(
    db,
    scope,
    { patientId, appointmentServiceIds: [], payerId: null, language: "de" },
    facts(now),
  );
  if (!draft.ok) throw new Error(`draft: ${draft.problem}`);
  for (const item of items) {
    const added = await addInvoiceItem(db, scope, draft.id, { ...FREE_ITEM, ...item }, facts(now));
    if (!added.ok) throw new Error(`item: ${added.problem}`);
  }
  return draft.id;
}

export async function issuedInvoice(db: Db, scope: PracticeScope, patientId: string, now: Date) {
  const id = await draftWith(db, scope, patientId, now);
  const issued = await issueInvoice(db, scope, id, facts(now));
  if (!issued.ok) throw new Error(`issue: ${issued.problem}`);
  return { id, number: issued.number };
}

/** The PDF's text as pdftotext (poppler-utils) reads it. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const child = new Deno.Command("pdftotext", { args: ["-layout", "-", "-"], stdin: "piped", stdout: "piped" })
    .spawn();
  const writer = child.stdin.getWriter();
  await writer.write(pdf);
  await writer.close();
  const output = await child.output();
  return new TextDecoder().decode(output.stdout);
}

/** The GiroCode on the PDF's first page, as a scanner reads it (pdftoppm renders the page). */
export async function girocodeOf(pdf: Uint8Array): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "kartei-girocode-" });
  try {
    await Deno.writeFile(`${dir}/invoice.pdf`, pdf);
    const rendered = await new Deno.Command("pdftoppm", {
      args: ["-r", "150", "-f", "1", "-l", "1", `${dir}/invoice.pdf`, `${dir}/page`],
    }).output();
    if (!rendered.success) throw new Error("pdftoppm failed");
    const name = [...Deno.readDirSync(dir)].find((entry) => entry.name.endsWith(".ppm"))!.name;
    const bytes = await Deno.readFile(`${dir}/${name}`);
    // A binary PPM: "P6 <width> <height> 255" and then RGB bytes.
    const [, width, height] = new TextDecoder().decode(bytes.slice(0, 32)).split(/\s+/).map(Number);
    return decodeQR({ width, height, data: bytes.slice(bytes.length - width * height * 3) }, { format: "RGB" });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
