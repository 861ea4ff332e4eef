// Dunning: three levels (payment reminder, 1st and 2nd dunning letter), each reached a number
// of days after the invoice's due date, each with the practice's own text and fee. A level is
// due when the one before it was sent and that letter's own payment period has passed too.
// Texts may name {number}, {invoiceDate}, {openAmount}, {feeAmount}, {totalAmount}, {payBy}.

export const DUNNING_LEVELS = [1, 2, 3] as const;
export type DunningLevel = (typeof DUNNING_LEVELS)[number];

/** Days a letter gives to pay before the next level may follow. */
export const LETTER_PAYMENT_DAYS = 10;

export interface LevelSetting {
  level: DunningLevel;
  daysOverdue: number;
  feeCents: number;
  text: string;
}

export interface OverdueInvoice {
  dueDate: string;
  openCents: number;
  /** The highest level sent so far (0: none) and that letter's pay-by day. */
  lastLevel: number;
  lastPayBy: string | null;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(isoDay: string, days: number): string {
  return new Date(Date.parse(`${isoDay}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The level a run on `today` would send for the invoice, or null when none is due. */
export function dueLevel(invoice: OverdueInvoice, levels: readonly LevelSetting[], today: string): LevelSetting | null {
  if (invoice.openCents <= 0 || invoice.lastLevel >= 3) return null;
  const next = levels.find((level) => level.level === invoice.lastLevel + 1);
  if (!next) return null;
  if (daysBetween(invoice.dueDate, today) < next.daysOverdue) return null;
  if (invoice.lastPayBy && today <= invoice.lastPayBy) return null;
  return next;
}

/** The levels must come later one after the other: a reminder before the first dunning letter. */
export function levelsInOrder(levels: readonly LevelSetting[]): boolean {
  return levels.every((level, i) => i === 0 || level.daysOverdue > levels[i - 1].daysOverdue);
}

/** A practice's text with its placeholders filled; unknown placeholders stay as typed. */
export function fillLetterText(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (match, name) => (Object.hasOwn(values, name) ? values[name] : match));
}
