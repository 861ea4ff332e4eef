// GOÄ (Gebührenordnung für Ärzte, in the version of the announcement of 9 February 1996,
// BGBl. I S. 210, last changed 2021): a fee is the points of the item × the point value × the
// factor. The text of § 5 Abs. 1 GOÄ: "Gebührensatz ist der Betrag, der sich ergibt, wenn die
// Punktzahl der einzelnen Leistung des Gebührenverzeichnisses mit dem Punktwert vervielfacht
// wird. Der Punktwert beträgt 5,82873 Cent. Bei der Bemessung von Gebühren sind sich ergebende
// Bruchteile eines Cents unter 0,5 abzurunden und Bruchteile von 0,5 und mehr aufzurunden."
// So the fee is rounded once, half up, to whole cents, after the factor; all in integers here.
// Thresholds and maxima by section: § 5 Abs. 2 (personal services 2.3 / 3.5), Abs. 3 (the
// technical services of sections A, E and O: 1.8 / 2.5), Abs. 4 (laboratory, section M, and
// Nr. 437: 1.15 / 1.3). Above the threshold the invoice gives a written, understandable
// justification (§ 12 Abs. 3); above the maximum only with a fee agreement (§ 2 Abs. 1, 2).
import type { GoaeSection } from "./billing-kinds.ts";

/** 5.82873 cent, in 1/100,000 cent. */
export const POINT_VALUE_HUNDRED_THOUSANDTHS_OF_A_CENT = 582873;

export const GOAE_FACTORS: Record<GoaeSection, { thresholdHundredths: number; maxHundredths: number }> = {
  personal: { thresholdHundredths: 230, maxHundredths: 350 },
  technical: { thresholdHundredths: 180, maxHundredths: 250 },
  laboratory: { thresholdHundredths: 115, maxHundredths: 130 },
};

export const GOAE_SECTIONS = ["personal", "technical", "laboratory"] as const satisfies readonly GoaeSection[];

/**
 * One fee in whole cents: points × 5.82873 ct × factor, rounded half up (§ 5 Abs. 1 Satz 3).
 * The product stays below 2^53 for every real item (points ≤ 100,000, factor ≤ 20).
 */
export function goaeFeeCents(points: number, factorHundredths: number): number {
  // points × 582873 × factorHundredths is in 1/10,000,000 cent.
  const exact = points * POINT_VALUE_HUNDRED_THOUSANDTHS_OF_A_CENT * factorHundredths;
  return Math.floor((exact + 5_000_000) / 10_000_000);
}

/** The simple fee (factor 1.0), the Gebührensatz. */
export function goaeSimpleFeeCents(points: number): number {
  return goaeFeeCents(points, 100);
}

export type FactorRule = "within" | "needs_justification" | "needs_agreement";

/** What a factor asks for in its section. */
export function factorRule(section: GoaeSection, factorHundredths: number): FactorRule {
  const limits = GOAE_FACTORS[section];
  if (factorHundredths > limits.maxHundredths) return "needs_agreement";
  if (factorHundredths > limits.thresholdHundredths) return "needs_justification";
  return "within";
}

/** A factor as typed ("2,3", "2.30", "3.5"): hundredths between 1.00 and 20.00, or null. */
export function readFactor(text: string): number | null {
  const match = /^(\d{1,2})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const hundredths = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return hundredths >= 100 && hundredths <= 2000 ? hundredths : null;
}

/** 230 → "2,3" (de) or "2.3" (en): the factor as the invoice shows it. */
export function formatFactor(hundredths: number, language: "de" | "en"): string {
  const text = (hundredths / 100).toFixed(2).replace(/0$/, "");
  return language === "de" ? text.replace(".", ",") : text;
}
