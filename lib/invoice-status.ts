// What an invoice's state is, from what was paid (money) and what was decided (write-off,
// cancellation): status changes with money and without are kept apart in the records, and
// meet only here.

export type InvoiceStatus = "draft" | "open" | "partly_paid" | "paid" | "overdue" | "written_off" | "cancelled";

export interface StatusFacts {
  status: "draft" | "issued";
  kind: "invoice" | "cancellation";
  totalCents: number;
  paidCents: number;
  dueDate: string | null;
  cancelled: boolean;
  writtenOff: boolean;
}

export function invoiceStatus(facts: StatusFacts, today: string): InvoiceStatus {
  if (facts.status === "draft") return "draft";
  if (facts.cancelled || facts.kind === "cancellation") return "cancelled";
  if (facts.paidCents >= facts.totalCents) return "paid";
  if (facts.writtenOff) return "written_off";
  if (facts.dueDate && facts.dueDate < today) return "overdue";
  return facts.paidCents > 0 ? "partly_paid" : "open";
}

/** Positive: still to pay; negative: paid too much. */
export function balanceCents(facts: Pick<StatusFacts, "totalCents" | "paidCents">): number {
  return facts.totalCents - facts.paidCents;
}
