// The invoice number range: a pattern of the practice ({YYYY} or {YY} for the year, {NNNN} for
// the sequence, zero-padded to as many digits as N's) and whether it restarts each year. The
// sequence itself comes from the practice's counter row (db/invoice-numbers.ts).

const PATTERN = /^(?:[A-Za-z0-9\-/_.]|\{YYYY\}|\{YY\}|\{N{1,8}\})+$/;

/** A pattern holds exactly one sequence, at most one year, and only plain characters besides. */
export function isNumberPattern(pattern: string): boolean {
  if (pattern.length > 40 || !PATTERN.test(pattern)) return false;
  const sequences = pattern.match(/\{N+\}/g) ?? [];
  const years = pattern.match(/\{YY(?:YY)?\}/g) ?? [];
  return sequences.length === 1 && years.length <= 1;
}

/** A yearly range needs the year in the number, or two years would print the same numbers. */
export function patternShowsYear(pattern: string): boolean {
  return /\{YY(?:YY)?\}/.test(pattern);
}

export function formatInvoiceNumber(pattern: string, year: number, sequence: number): string {
  return pattern
    .replace("{YYYY}", String(year))
    .replace("{YY}", String(year % 100).padStart(2, "0"))
    .replace(/\{(N+)\}/, (_, ns: string) => String(sequence).padStart(ns.length, "0"));
}
