// The billing forms as schemas, built from the shared field vocabulary.
import { z } from "zod";
import {
  choice,
  onceValid,
  optionalEmailAddress,
  optionalLine,
  optionalText,
  optionalTyped,
  personName,
  readId,
  readIsoDay,
  singleLineText,
  typed,
  wholeNumberBetween,
} from "./validation.ts";
import { readEuroAmount } from "../lib/money.ts";
import { readFactor } from "../lib/goae.ts";
import { readBic, readIban } from "../lib/girocode.ts";
import { isNumberPattern, patternShowsYear } from "../lib/invoice-number.ts";
import { CATALOGUES, PAYER_KINDS, PAYMENT_METHODS, VAT_TREATMENTS } from "../lib/billing-kinds.ts";
import { GOAE_SECTIONS } from "../lib/goae.ts";

const euro = typed(readEuroAmount, "billing.invalidAmount");
const optionalEuro = optionalTyped(readEuroAmount, "billing.invalidAmount");
// A day of the practice's business: the date input allows year 0, which Postgres has not.
const day = typed((text) => {
  const iso = readIsoDay(text);
  return iso && iso >= "2000-01-01" && iso <= "2999-12-31" ? iso : null;
}, "billing.invalidDate");
const yes = z.string().optional().transform((value) => value === "yes");

export const settingsForm = z.object({
  legal_name: singleLineText(200),
  address: optionalText(500).refine((value) => value !== "", "form.required"),
  tax_number: optionalLine(40),
  vat_id: optionalLine(20),
  iban: optionalLine(42).refine((value) => value === "" || readIban(value) !== null, "billing.invalidIban")
    .transform((value) => value === "" ? "" : readIban(value)!),
  bic: optionalLine(11).refine((value) => value === "" || readBic(value) !== null, "billing.invalidBic")
    .transform((value) => value === "" ? "" : readBic(value)!),
  bank_name: optionalLine(100),
  number_pattern: singleLineText(40).refine(isNumberPattern, "billing.invalidPattern"),
  number_restart: choice(["yearly", "continuous"], "billing.invalidChoice"),
  payment_days: typed(wholeNumberBetween(0, 365), "billing.invalidDays"),
  small_business: yes,
  front_desk_payments: yes,
}).superRefine((form, ctx) => {
  if (!form.tax_number && !form.vat_id) {
    ctx.addIssue({ code: "custom", path: ["tax_number"], message: "billing.needsTaxId" });
  }
}, onceValid("tax_number", "vat_id")).superRefine((form, ctx) => {
  if (form.number_restart === "yearly" && !patternShowsYear(form.number_pattern)) {
    ctx.addIssue({ code: "custom", path: ["number_pattern"], message: "billing.patternNeedsYear" });
  }
}, onceValid("number_pattern", "number_restart"));

export const serviceForm = z.object({
  catalogue: choice(CATALOGUES, "billing.invalidChoice").default("own"),
  code: optionalLine(20),
  name: singleLineText(300),
  price: optionalEuro,
  duration: optionalTyped(wholeNumberBetween(1, 600), "billing.invalidNumber"),
  vat: choice(VAT_TREATMENTS, "billing.invalidChoice"),
  points: optionalTyped(wholeNumberBetween(1, 100000), "billing.invalidNumber"),
  section: choice(GOAE_SECTIONS, "billing.invalidChoice").default("personal"),
  range_min: optionalEuro,
  range_max: optionalEuro,
}).superRefine((form, ctx) => {
  if (form.catalogue === "goae" && form.points === null) {
    ctx.addIssue({ code: "custom", path: ["points"], message: "billing.pointsNeeded" });
  }
  if (form.range_min !== null && form.range_max !== null && form.range_max < form.range_min) {
    ctx.addIssue({ code: "custom", path: ["range_max"], message: "billing.rangeOrder" });
  }
}, onceValid("catalogue", "points", "range_min", "range_max"));

export const draftForm = z.object({
  patient_id: typed(readId, "billing.unknownPatient"),
});

export const recipientForm = z.object({
  payer_id: optionalTyped(readId, "billing.unknownPayer"),
  language: choice(["de", "en"], "billing.invalidChoice"),
});

export const itemForm = z.object({
  service_date: day,
  service_id: optionalTyped(readId, "billing.problem.service"),
  description: optionalLine(500),
  price: optionalEuro,
  quantity: typed(wholeNumberBetween(1, 99), "billing.invalidQuantity"),
  vat: choice(VAT_TREATMENTS, "billing.invalidChoice").default("exempt"),
  factor: optionalTyped(readFactor, "billing.invalidFactor"),
  justification: optionalLine(500),
  analogous_to: optionalLine(20),
}).superRefine((form, ctx) => {
  if (!form.service_id && (!form.description || form.price === null)) {
    ctx.addIssue({ code: "custom", path: ["description"], message: "billing.itemNeedsText" });
  }
}, onceValid("service_id", "description", "price"));

export const factorForm = z.object({
  factor: typed(readFactor, "billing.invalidFactor"),
  justification: optionalLine(500),
  analogous_to: optionalLine(20),
});

export const paymentForm = z.object({
  amount: euro.refine((cents) => cents > 0, "billing.invalidAmount"),
  method: choice(PAYMENT_METHODS, "billing.invalidChoice"),
  paid_on: day,
});

export const reversalForm = z.object({
  reversed_on: day,
});

export const writeOffForm = z.object({
  written_off: choice(["yes", "no"], "billing.invalidChoice"),
});

export const payerForm = z.object({
  kind: choice(PAYER_KINDS, "billing.invalidChoice"),
  name: personName(200),
  address: optionalText(500),
  email: optionalEmailAddress,
  language: choice(["de", "en"], "billing.invalidChoice"),
});

export const agreementForm = z.object({
  agreed_on: day,
  goae_code: singleLineText(20),
  factor: typed(readFactor, "billing.invalidFactor"),
  subject: singleLineText(500),
});

export const planForm = z.object({
  service_id: typed(readId, "appointmentServices.unknownService"),
});

export const importForm = z.object({
  csv: optionalText(1_000_000),
  step: choice(["preview", "confirm"], "billing.invalidChoice"),
});
