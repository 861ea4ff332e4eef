// The practice's invoice number range. The next number is taken from the counter row, locked
// FOR UPDATE in the issuing transaction: another issue of the same practice waits for the
// commit (or the rollback, which leaves the counter as it was), so a number is used only by a
// committed invoice and the sequence has no gap, also when the process dies mid-transaction.
import { sql, type Transaction } from "kysely";
import type { Database } from "./schema.ts";
import { formatInvoiceNumber } from "../lib/invoice-number.ts";

export interface TakenNumber {
  number: string;
  year: number;
  sequence: number;
}

export async function takeInvoiceNumber(
  trx: Transaction<Database>,
  practiceId: string,
  range: { pattern: string; restart: "yearly" | "continuous" },
  invoiceYear: number,
): Promise<TakenNumber> {
  const year = range.restart === "yearly" ? invoiceYear : 0;
  await trx.insertInto("invoice_counters").values({ practice_id: practiceId, year, last_number: 0 })
    .onConflict((oc) => oc.columns(["practice_id", "year"]).doNothing()).execute();
  // A number an earlier range already printed (the practice changed its pattern or went from a
  // yearly to a continuous range) is passed over: it is in use, by the earlier invoice.
  for (;;) {
    const row = await trx.updateTable("invoice_counters").set({ last_number: sql`last_number + 1` })
      .where("practice_id", "=", practiceId).where("year", "=", year)
      .returning("last_number").executeTakeFirstOrThrow();
    const number = formatInvoiceNumber(range.pattern, invoiceYear, row.last_number);
    const taken = await trx.selectFrom("invoices").select("id").where("practice_id", "=", practiceId)
      .where("number", "=", number).executeTakeFirst();
    if (!taken) return { number, year, sequence: row.last_number };
  }
}
