// The German health insurance number (Krankenversichertennummer, the unchangeable part on the
// card): a capital letter, eight digits and a check digit. The check digit: the letter as its
// position 01–26, then the eight digits; the ten digits weighted 1-2-1-2…, the digit sums of
// the products added up, modulo 10.

export const INSURANCE_NUMBER_FORMAT = /^[A-Z]\d{9}$/;

export function insuranceCheckDigit(letter: string, eightDigits: string): number {
  const sequence = String(letter.charCodeAt(0) - 64).padStart(2, "0") + eightDigits;
  let sum = 0;
  for (let i = 0; i < sequence.length; i++) {
    const product = Number(sequence[i]) * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 10) + (product % 10);
  }
  return sum % 10;
}

/** Whether a number in the format (see INSURANCE_NUMBER_FORMAT) carries its right check digit. */
export function insuranceNumberChecks(number: string): boolean {
  return INSURANCE_NUMBER_FORMAT.test(number) &&
    insuranceCheckDigit(number[0], number.slice(1, 9)) === Number(number[9]);
}
