// Amounts are integer cents everywhere; VAT is computed per rate on the sum of that rate's net
// amounts (§ 14 Abs. 4 Nr. 8 UStG asks for the tax amount per rate), rounded half up.
import type { ItemVatTreatment } from "./billing-kinds.ts";

export const VAT_PERCENT: Record<ItemVatTreatment, number> = { exempt: 0, small_business: 0, standard: 19, reduced: 7 };

export interface VatLine {
  treatment: ItemVatTreatment;
  netCents: number;
  vatCents: number;
}

export function vatLines(items: readonly { vatTreatment: ItemVatTreatment; amountCents: number }[]): VatLine[] {
  const sums = new Map<ItemVatTreatment, number>();
  for (const item of items) sums.set(item.vatTreatment, (sums.get(item.vatTreatment) ?? 0) + item.amountCents);
  return [...sums].map(([treatment, netCents]) => ({
    treatment,
    netCents,
    vatCents: roundHalfUpDivision(netCents * VAT_PERCENT[treatment], 100),
  }));
}

/** numerator ÷ denominator rounded half away from zero (a cancellation negates exactly). */
export function roundHalfUpDivision(numerator: number, denominator: number): number {
  const sign = Math.sign(numerator);
  return sign * Math.floor((Math.abs(numerator) * 2 + denominator) / (denominator * 2));
}

/** A euro amount as typed ("12", "12,50", "1.234,5", "12.50"): cents, or null. */
export function readEuroAmount(text: string, max = 100_000_000): number | null {
  const compact = text.trim().replace(/\s|€/g, "");
  let normalised = compact;
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(compact)) normalised = compact.replaceAll(".", "").replace(",", ".");
  else if (/^\d+,\d{1,2}$/.test(compact)) normalised = compact.replace(",", ".");
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(normalised);
  if (!match) return null;
  const cents = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return cents <= max ? cents : null;
}

/** 123456 → "1.234,56 €" (de) or "€1,234.56" (en). */
const EURO = {
  de: new Intl.NumberFormat("de-DE", { style: "currency", currency: "EUR" }),
  en: new Intl.NumberFormat("en-GB", { style: "currency", currency: "EUR" }),
};

export function formatEuro(cents: number, language: "de" | "en"): string {
  return EURO[language].format(cents / 100);
}
