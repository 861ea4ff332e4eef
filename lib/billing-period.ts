// The period of a billing export or report as typed: a year ("2026") or a month ("2026-03").

export interface BillingPeriod {
  /** YYYY-MM-DD, inclusive */
  from: string;
  to: string;
  label: string;
  kind: "year" | "month";
}

export function readBillingPeriod(text: string): BillingPeriod | null {
  const match = /^(\d{4})(?:-(\d{2}))?$/.exec(text.trim());
  if (!match) return null;
  const year = Number(match[1]);
  if (year < 2000 || year > 2999) return null;
  if (match[2] === undefined) return { from: `${year}-01-01`, to: `${year}-12-31`, label: String(year), kind: "year" };
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, "0");
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${last}`, label: `${year}-${mm}`, kind: "month" };
}

/** The month before the given day's month, as the exports page proposes it. */
export function previousMonth(isoDay: string): string {
  const year = Number(isoDay.slice(0, 4));
  const month = Number(isoDay.slice(5, 7));
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
}
