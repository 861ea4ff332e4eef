// Phone numbers as the text message gateways want them: international digits without "+"
// (E.164 without the plus), German numbers written nationally ("0171 …") completed with 49.

/** The number as international digits, or null when it cannot be one. */
export function internationalDigits(phone: string): string | null {
  const compact = phone.replace(/[\s\-/().]/g, "");
  let digits: string;
  if (/^\+\d+$/.test(compact)) digits = compact.slice(1);
  else if (/^00\d+$/.test(compact)) digits = compact.slice(2);
  else if (/^0\d+$/.test(compact)) digits = "49" + compact.slice(1);
  else return null;
  return /^[1-9]\d{7,14}$/.test(digits) ? digits : null;
}
