// deno task bench -- invoices: how long issuing an invoice takes (the next number under the
// counter row's lock, the PDF rendered and stored with its SHA-256, the audit event), over HTTP
// on the local Postgres server: one client issuing alone, then 20 clients issuing at once for
// the same practice (they queue on the practice's counter row, as they must for gapless
// numbers). The database is created and dropped here. Measures and prints, never asserts.
import postgres from "postgres";
import { Kysely } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import type { Database } from "../db/schema.ts";
import { DEMO_EMAIL } from "../db/demo-practice.ts";
import { DEFAULT_BILLING_SETTINGS, saveBillingSettings } from "../db/billing-settings.ts";
import { addInvoiceItem, createInvoiceDraft } from "../db/invoices.ts";
import type { PracticeScope } from "../db/practice-scope.ts";
import { generateSecretToken } from "../lib/secret-token.ts";
import { startApp } from "./processes.ts";
import { formatTable, note, section } from "./table.ts";
import { approvedBrowserSession } from "./clinical-session.ts";

const SERVER_URL = Deno.env.get("BENCH_INVOICES_SERVER_URL") ?? "postgres://postgres@127.0.0.1:5432";
const ALONE = 100;
const CLIENTS = 20;
const TOGETHER = 400;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function drafts(db: Kysely<Database>, scope: PracticeScope, patientId: string, count: number) {
  const ids: string[] = [];
  const facts = { requestId: null, now: new Date() };
  for (let i = 0; i < count; i++) {
    const draft = await createInvoiceDraft(db, scope, {
      patientId,
      appointmentServiceIds: [],
      payerId: null,
      language: "de",
    }, facts);
    if (!draft.ok) throw new Error(draft.problem);
    for (const [description, unitCents] of [["Erstanamnese 90 Minuten", 12000], ["Akupunktur", 4500]] as const) {
      await addInvoiceItem(db, scope, draft.id, {
        serviceDate: "2026-12-01",
        serviceId: null,
        description,
        unitCents,
        quantity: 1,
        vatTreatment: "exempt",
        factorHundredths: null,
        justification: "",
        analogousTo: "",
      }, facts);
    }
    ids.push(draft.id);
  }
  return ids;
}

/** Issues every draft with `clients` at a time; each issue's milliseconds. */
async function issue(url: string, cookie: string, csrf: string, ids: string[], clients: number) {
  const times: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < ids.length) {
      const id = ids[next++];
      const sent = performance.now();
      const response = await fetch(`${url}/billing/invoices/${id}/issue`, {
        method: "POST",
        headers: { Cookie: cookie, Origin: url, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: csrf }),
        redirect: "manual",
      });
      await response.body?.cancel();
      if (response.status !== 303) failed++;
      times.push(performance.now() - sent);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return { times, failed, perSecond: ids.length / seconds };
}

export async function benchmarkInvoices(): Promise<void> {
  section(`Invoices: issue latency (number + PDF + SHA-256 + audit), app on Postgres`);
  const name = `kartei_bench_invoices_${crypto.randomUUID().slice(0, 8)}`;
  const admin = postgres(`${SERVER_URL}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const databaseUrl = `${SERVER_URL}/${name}`;
  const dataDir = `./data/bench-invoices-${name.slice(-8)}`;
  const client = postgres(databaseUrl, { max: 4, onnotice: () => {} });
  const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: client }) });
  const environment = { DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" };
  await (await startApp(dataDir, { ...environment, KARTEI_DEMO: "1" })).served.stop();
  const app = await startApp(dataDir, environment);
  try {
    const owner = await db.selectFrom("accounts").innerJoin("memberships", "memberships.account_id", "accounts.id")
      .select(["accounts.id as accountId", "memberships.practice_id as practiceId", "memberships.id as membershipId"])
      .where("accounts.email", "=", DEMO_EMAIL).where("memberships.role", "=", "owner").executeTakeFirstOrThrow();
    const scope: PracticeScope = { ...owner, role: "owner", areas: [] };
    await saveBillingSettings(db, scope, {
      ...DEFAULT_BILLING_SETTINGS,
      legalName: "Praxis am Lindenplatz",
      address: "Lindenplatz 1\n36037 Fulda",
      taxNumber: "018/123/45678",
      iban: "DE89370400440532013000",
    }, { requestId: null, now: new Date() });
    const patient = await db.selectFrom("patients").select("id").where("practice_id", "=", owner.practiceId)
      .orderBy("id").limit(1).executeTakeFirstOrThrow();
    const csrf = generateSecretToken();
    const { token, browserToken } = await approvedBrowserSession(db, owner.accountId, owner.practiceId);
    const cookie = `kartei_session=${token}; kartei_browser=${browserToken}; kartei_csrf=${csrf}`;
    const alone = await issue(app.served.url, cookie, csrf, await drafts(db, scope, patient.id, ALONE), 1);
    const together = await issue(app.served.url, cookie, csrf, await drafts(db, scope, patient.id, TOGETHER), CLIENTS);
    const numbers = await db.selectFrom("invoices").select("number_sequence").where(
      "practice_id",
      "=",
      owner.practiceId,
    )
      .where("status", "=", "issued").orderBy("number_sequence").execute();
    const gapless = numbers.every((row, index) => row.number_sequence === index + 1);
    const row = (label: string, r: typeof alone, count: number) => [
      label,
      count,
      Math.round(percentile(r.times, 50)),
      Math.round(percentile(r.times, 95)),
      Math.round(r.perSecond * 10) / 10,
      r.failed,
    ];
    console.log(formatTable(["clients", "issued", "p50 (ms)", "p95 (ms)", "issued/s", "not 303"], [
      row("1 alone", alone, ALONE),
      row(`${CLIENTS} at once, one practice`, together, TOGETHER),
    ]));
    note(`numbers 1…${numbers.length} gapless and unique: ${gapless ? "yes" : "NO"}`);
    note("issues of one practice take turns on its counter row; the PDF is rendered inside that turn");
  } finally {
    await app.served.stop();
    await db.destroy();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
}
