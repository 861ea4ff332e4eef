// Search forms of names and phone numbers. German practices write the same name several ways
// (Müller, Mueller, MÜLLER); all of them become "mueller", so one trigram index finds each from
// the others. Other diacritics are dropped (Renée → renee).
import { normalisePersonName } from "./person-name.ts";

const TRANSLITERATION: Record<string, string> = { "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe" };

/**
 * Lower case, German umlauts transliterated, other accents removed, spaces collapsed; invisible
 * format characters vanish first (lib/person-name.ts), so "Alpha\u200Bpatient" is "alphapatient".
 */
export function normaliseName(value: string): string {
  return normalisePersonName(value).toLowerCase()
    .replace(/[äöüßæø]/g, (letter) => TRANSLITERATION[letter])
    .normalize("NFKD").replace(/\p{M}/gu, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The digits of a phone number, a leading +49 or 0049 read as the national 0. */
export function normalisePhone(value: string): string {
  const digits = value.replace(/\D/g, "");
  if (value.trim().startsWith("+49")) return "0" + digits.slice(2);
  if (digits.startsWith("0049")) return "0" + digits.slice(4);
  return digits;
}
