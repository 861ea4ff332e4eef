// Dunning in the database: the practice's levels, what a run on a day would send, the run itself
// (one transaction: the run, each letter with its PDF and SHA-256, an audit event per step), and
// reading runs and letters back. Letters never change; an invoice gets each level once.
import { sql } from "kysely";
import type { Db } from "./database.ts";
import type { PracticeActor } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { openItems } from "./billing-reports.ts";
import { findBillingSettings } from "./billing-settings.ts";
import {
  addDays,
  dueLevel,
  DUNNING_LEVELS,
  type DunningLevel,
  LETTER_PAYMENT_DAYS,
  type LevelSetting,
} from "../lib/dunning.ts";
import { renderDunningLetter } from "../lib/dunning-letter.ts";
import { translator } from "../lib/i18n/mod.ts";

const DEFAULT_DAYS: Record<DunningLevel, number> = { 1: 14, 2: 28, 3: 42 };
const DEFAULT_FEES: Record<DunningLevel, number> = { 1: 0, 2: 0, 3: 500 };

/** The practice's levels; until it saves its own, the usual ones (in German, the practice's language). */
export async function dunningLevels(db: Db, scope: PracticeActor): Promise<LevelSetting[]> {
  const rows = await db.selectFrom("dunning_levels").selectAll().where("practice_id", "=", scope.practiceId)
    .orderBy("level").execute();
  const t = translator("de");
  return DUNNING_LEVELS.map((level) => {
    const row = rows.find((r) => r.level === level);
    return row ? { level, daysOverdue: row.days_overdue, feeCents: row.fee_cents, text: row.text } : {
      level,
      daysOverdue: DEFAULT_DAYS[level],
      feeCents: DEFAULT_FEES[level],
      text: t(`dunning.defaultText${level}`),
    };
  });
}

export async function saveDunningLevels(
  db: Db,
  scope: PracticeActor,
  levels: LevelSetting[],
  facts: RequestFacts,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const level of levels) {
      const values = {
        days_overdue: level.daysOverdue,
        fee_cents: level.feeCents,
        text: level.text,
        updated_at: facts.now,
      };
      await trx.insertInto("dunning_levels").values({ practice_id: scope.practiceId, level: level.level, ...values })
        .onConflict((oc) => oc.columns(["practice_id", "level"]).doUpdateSet(values)).execute();
    }
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "dunning.levels_saved",
      actorAccountId: scope.accountId,
      subjectType: "practice",
      subjectId: scope.practiceId,
      requestId: facts.requestId,
      details: Object.fromEntries(levels.map((l) => [`days_${l.level}`, l.daysOverdue])),
      occurredAt: facts.now,
    });
  });
}

export interface DunningProposal {
  invoiceId: string;
  number: string;
  recipientName: string;
  dueDate: string;
  daysOverdue: number;
  openCents: number;
  level: LevelSetting;
}

async function lastLetters(db: Db, scope: PracticeActor, invoiceIds: string[]) {
  if (!invoiceIds.length) return new Map<string, { level: number; dueOn: string; fees: number }>();
  const rows = await db.selectFrom("dunning_letters")
    .where("practice_id", "=", scope.practiceId).where("invoice_id", "in", invoiceIds)
    .select(["invoice_id", "level", "due_on", "fee_cents"]).orderBy("level").execute();
  const last = new Map<string, { level: number; dueOn: string; fees: number }>();
  for (const row of rows) {
    const fees = (last.get(row.invoice_id)?.fees ?? 0) + row.fee_cents;
    last.set(row.invoice_id, { level: row.level, dueOn: row.due_on.toISOString().slice(0, 10), fees });
  }
  return last;
}

/** What a run on `today` would send: every open, overdue invoice whose next level is due. */
export async function dunningProposals(db: Db, scope: PracticeActor, today: string): Promise<DunningProposal[]> {
  const [items, levels] = await Promise.all([openItems(db, scope, today), dunningLevels(db, scope)]);
  const overdue = items.filter((item) => item.dueDate && item.dueDate < today);
  const letters = await lastLetters(db, scope, overdue.map((item) => item.invoiceId));
  return overdue.flatMap((item) => {
    const last = letters.get(item.invoiceId);
    const level = dueLevel(
      { dueDate: item.dueDate, openCents: item.openCents, lastLevel: last?.level ?? 0, lastPayBy: last?.dueOn ?? null },
      levels,
      today,
    );
    return level
      ? [{
        invoiceId: item.invoiceId,
        number: item.number,
        recipientName: item.recipientName,
        dueDate: item.dueDate,
        daysOverdue: item.daysOverdue,
        openCents: item.openCents,
        level,
      }]
      : [];
  });
}

export type RunOutcome = { ok: true; runId: string; letters: number } | { ok: false; problem: "nothing_due" };

/**
 * Runs dunning for the chosen invoices (those of them still due on `today`): one run, a letter
 * per invoice at its due level, each audited. Concurrent runs cannot send a level twice: the
 * unique (invoice, level) index refuses the second, and its transaction rolls back whole.
 */
export async function runDunning(
  db: Db,
  scope: PracticeActor,
  invoiceIds: string[],
  today: string,
  facts: RequestFacts,
): Promise<RunOutcome> {
  return await db.transaction().execute(async (trx): Promise<RunOutcome> => {
    // One run at a time per practice: the next one sees this one's letters.
    await sql`select pg_advisory_xact_lock(hashtext(${`dunning:${scope.practiceId}`}))`.execute(trx);
    const chosen = new Set(invoiceIds);
    const due = (await dunningProposals(trx, scope, today)).filter((proposal) => chosen.has(proposal.invoiceId));
    if (!due.length) return { ok: false, problem: "nothing_due" };
    const settings = await findBillingSettings(trx, scope.practiceId);
    const practice = await trx.selectFrom("practices").select("name").where("id", "=", scope.practiceId)
      .executeTakeFirstOrThrow();
    const run = await trx.insertInto("dunning_runs").values({
      practice_id: scope.practiceId,
      run_on: today,
      run_by: scope.accountId,
      created_at: facts.now,
    }).returning("id").executeTakeFirstOrThrow();
    const earlier = await lastLetters(trx, scope, due.map((proposal) => proposal.invoiceId));
    const payBy = addDays(today, LETTER_PAYMENT_DAYS);
    for (const proposal of due) {
      const invoice = await trx.selectFrom("invoices")
        .select(["recipient_name", "recipient_address", "language", "invoice_date", "total_cents"])
        .where("id", "=", proposal.invoiceId).where("practice_id", "=", scope.practiceId)
        .executeTakeFirstOrThrow();
      const pdf = await renderDunningLetter({
        language: invoice.language,
        level: proposal.level.level,
        letterDate: today,
        payBy,
        practice: {
          name: settings.legalName || practice.name,
          address: settings.address,
          iban: settings.iban,
          bic: settings.bic,
          bankName: settings.bankName,
        },
        recipient: { name: invoice.recipient_name, address: invoice.recipient_address },
        invoice: {
          number: proposal.number,
          date: invoice.invoice_date!.toISOString().slice(0, 10),
          totalCents: invoice.total_cents,
          paidCents: invoice.total_cents - proposal.openCents,
        },
        feeCents: proposal.level.feeCents,
        earlierFeesCents: earlier.get(proposal.invoiceId)?.fees ?? 0,
        text: proposal.level.text,
        createdAt: facts.now,
      });
      const sha = new Uint8Array(await crypto.subtle.digest("SHA-256", pdf as Uint8Array<ArrayBuffer>));
      const letter = await trx.insertInto("dunning_letters").values({
        practice_id: scope.practiceId,
        run_id: run.id,
        invoice_id: proposal.invoiceId,
        level: proposal.level.level,
        open_cents: proposal.openCents,
        fee_cents: proposal.level.feeCents,
        due_on: payBy,
        pdf,
        pdf_sha256: sha,
        created_at: facts.now,
      }).returning("id").executeTakeFirstOrThrow();
      await appendAuditEvent(trx, {
        practiceId: scope.practiceId,
        action: "dunning.letter_created",
        actorAccountId: scope.accountId,
        subjectType: "invoice",
        subjectId: proposal.invoiceId,
        requestId: facts.requestId,
        details: {
          run_id: run.id,
          letter_id: letter.id,
          level: proposal.level.level,
          fee_cents: proposal.level.feeCents,
        },
        occurredAt: facts.now,
      });
    }
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "dunning.run",
      actorAccountId: scope.accountId,
      subjectType: "dunning_run",
      subjectId: run.id,
      requestId: facts.requestId,
      details: { letters: due.length },
      occurredAt: facts.now,
    });
    return { ok: true, runId: run.id, letters: due.length };
  });
}

export interface DunningRunSummary {
  id: string;
  runOn: string;
  letters: number;
}

export async function listDunningRuns(db: Db, scope: PracticeActor, limit = 24): Promise<DunningRunSummary[]> {
  const rows = await db.selectFrom("dunning_runs as r")
    .leftJoin("dunning_letters as l", "l.run_id", "r.id")
    .where("r.practice_id", "=", scope.practiceId)
    .select(({ fn }) => ["r.id", "r.run_on", "r.created_at", fn.count<string>("l.id").as("letters")])
    .groupBy(["r.id", "r.run_on", "r.created_at"]).orderBy("r.created_at", "desc").limit(limit).execute();
  return rows.map((row) => ({
    id: row.id,
    runOn: row.run_on.toISOString().slice(0, 10),
    letters: Number(row.letters),
  }));
}

export interface DunningLetterSummary {
  id: string;
  invoiceId: string;
  number: string;
  recipientName: string;
  level: DunningLevel;
  openCents: number;
  feeCents: number;
  dueOn: string;
}

export async function findDunningRun(
  db: Db,
  scope: PracticeActor,
  runId: string,
): Promise<{ run: DunningRunSummary; letters: DunningLetterSummary[] } | undefined> {
  const run = await db.selectFrom("dunning_runs").select(["id", "run_on"])
    .where("id", "=", runId).where("practice_id", "=", scope.practiceId).executeTakeFirst();
  if (!run) return undefined;
  const letters = await db.selectFrom("dunning_letters as l").innerJoin("invoices as i", "i.id", "l.invoice_id")
    .where("l.run_id", "=", runId).where("l.practice_id", "=", scope.practiceId)
    .select([
      "l.id",
      "l.invoice_id",
      "i.number",
      "i.recipient_name",
      "l.level",
      "l.open_cents",
      "l.fee_cents",
      "l.due_on",
    ])
    .orderBy("i.number_year").orderBy("i.number_sequence").execute();
  return {
    run: { id: run.id, runOn: run.run_on.toISOString().slice(0, 10), letters: letters.length },
    letters: letters.map((row) => ({
      id: row.id,
      invoiceId: row.invoice_id,
      number: row.number ?? "",
      recipientName: row.recipient_name,
      level: row.level as DunningLevel,
      openCents: row.open_cents,
      feeCents: row.fee_cents,
      dueOn: row.due_on.toISOString().slice(0, 10),
    })),
  };
}

/** A letter's PDF, audited as read (it carries the recipient's name and address). */
export async function dunningLetterPdf(
  db: Db,
  scope: PracticeActor,
  letterId: string,
  facts: RequestFacts,
): Promise<{ pdf: Uint8Array; number: string; level: number } | undefined> {
  const row = await db.selectFrom("dunning_letters as l").innerJoin("invoices as i", "i.id", "l.invoice_id")
    .where("l.id", "=", letterId).where("l.practice_id", "=", scope.practiceId)
    .select(["l.pdf", "l.level", "l.invoice_id", "i.number"]).executeTakeFirst();
  if (!row) return undefined;
  await appendAuditEvent(db, {
    practiceId: scope.practiceId,
    action: "dunning.letter_downloaded",
    actorAccountId: scope.accountId,
    subjectType: "invoice",
    subjectId: row.invoice_id,
    requestId: facts.requestId,
    details: { letter_id: letterId, level: row.level },
    occurredAt: facts.now,
  });
  return { pdf: row.pdf, number: row.number ?? "", level: row.level };
}
