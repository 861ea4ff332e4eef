// deno task bench -- billing-export: the yearly export ZIP (journal and every invoice PDF) of
// 1,000 and of 5,000 invoices, time and peak memory of the app process. Kartei runs as `deno task
// start` on a fresh Postgres database (created and dropped here) holding the demo practice; the
// invoices of two past years are written straight into the database (issued, each with a PDF of
// PDF_BYTES), so the years differ only in size. The app's resident memory is sampled from /proc
// (VmRSS every 10 ms, and the kernel's peak VmHWM, reset before each export). If the export held
// the year in memory, the 5,000 year would peak about 4 × 1,000 × PDF_BYTES higher than the
// 1,000 year. Measures and prints, never asserts.
import postgres from "postgres";
import { Kysely, sql } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import type { Database } from "../db/schema.ts";
import { DEMO_EMAIL } from "../db/demo-practice.ts";
import { startApp } from "./processes.ts";
import { formatTable, note, section } from "./table.ts";
import { servingPid } from "./anchor-load.ts";
import { approvedBrowserSession } from "./clinical-session.ts";
import { memoryOf } from "./uploads.ts";

const SERVER_URL = Deno.env.get("BENCH_UPLOADS_SERVER_URL") ?? "postgres://postgres@127.0.0.1:5432";
const PDF_BYTES = 24 * 1024;
const YEARS = [{ year: 2023, invoices: 1000 }, { year: 2024, invoices: 5000 }];

const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);

function pdfOf(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 17) % 251;
  bytes.set(new TextEncoder().encode("%PDF-1.7\n"));
  return bytes;
}

/** A year of issued invoices with one item each, a PDF each and a payment for every second. */
async function seedYear(db: Kysely<Database>, practiceId: string, patientId: string, year: number, count: number) {
  for (let start = 0; start < count; start += 250) {
    const batch = Array.from({ length: Math.min(250, count - start) }, (_, i) => start + i + 1);
    const day = (n: number) =>
      `${year}-${String(1 + (n % 12)).padStart(2, "0")}-${String(1 + (n % 28)).padStart(2, "0")}`;
    const drafts = await db.insertInto("invoices").values(batch.map((n) => ({
      practice_id: practiceId,
      patient_id: patientId,
      recipient_name: "Bench Patient",
      recipient_address: "Weg 1\n10115 Berlin",
      updated_at: new Date(),
      invoice_date: day(n),
      due_date: day(n),
      net_cents: 9000,
      total_cents: 9000,
      number: `B${year}-${String(n).padStart(5, "0")}`,
      number_year: year,
      number_sequence: n,
    }))).returning("id").execute();
    await db.insertInto("invoice_items").values(drafts.map((draft, i) => ({
      practice_id: practiceId,
      invoice_id: draft.id,
      position: 1,
      service_date: day(batch[i]),
      catalogue: "free" as const,
      description: "Sitzung 60 min",
      unit_cents: 9000,
      amount_cents: 9000,
      vat_treatment: "exempt" as const,
    }))).execute();
    for (const [i, draft] of drafts.entries()) {
      const pdf = pdfOf(PDF_BYTES, batch[i]);
      await db.updateTable("invoices").set({
        status: "issued",
        pdf,
        pdf_sha256: new Uint8Array(await crypto.subtle.digest("SHA-256", pdf as Uint8Array<ArrayBuffer>)),
        issued_at: new Date(),
      }).where("id", "=", draft.id).execute();
    }
    await db.insertInto("payments").values(
      drafts.filter((_, i) => i % 2 === 0).map((draft, i) => ({
        practice_id: practiceId,
        invoice_id: draft.id,
        amount_cents: 9000,
        method: "transfer" as const,
        paid_on: day(batch[i * 2]),
      })),
    ).execute();
  }
}

export async function benchmarkBillingExport(): Promise<void> {
  section(`Billing export: yearly ZIP of ${YEARS.map((y) => y.invoices).join(" and ")} invoices with PDFs (Postgres)`);
  const name = `kartei_bench_export_${crypto.randomUUID().slice(0, 8)}`;
  const admin = postgres(`${SERVER_URL}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const databaseUrl = `${SERVER_URL}/${name}`;
  const dataDir = `./data/bench-export-${name.slice(-8)}`;
  const client = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: client }) });
  const environment = { DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" };
  await (await startApp(dataDir, { ...environment, KARTEI_DEMO: "1" })).served.stop();
  try {
    const owner = await db.selectFrom("accounts").innerJoin("memberships", "memberships.account_id", "accounts.id")
      .select(["accounts.id as accountId", "memberships.practice_id as practiceId"])
      .where("accounts.email", "=", DEMO_EMAIL).where("memberships.role", "=", "owner").executeTakeFirstOrThrow();
    const patient = await db.selectFrom("patients").select("id").where("practice_id", "=", owner.practiceId)
      .orderBy("id").limit(1).executeTakeFirstOrThrow();
    const seeded = performance.now();
    for (const { year, invoices } of YEARS) await seedYear(db, owner.practiceId, patient.id, year, invoices);
    note(
      `seeded ${YEARS.map((y) => `${y.invoices} invoices of ${y.year}`).join(", ")} in ${
        Math.round((performance.now() - seeded) / 1000)
      } s`,
    );
    await sql`analyze`.execute(db);
    const app = await startApp(dataDir, environment);
    try {
      const pid = await servingPid(app.served.pid);
      const { token, browserToken } = await approvedBrowserSession(db, owner.accountId, owner.practiceId);
      const cookie = `kartei_session=${token}; kartei_browser=${browserToken}`;
      const rows: (string | number)[][] = [];
      // One export first, unmeasured: the first request loads modules and warms the connections.
      for (const { year, invoices } of [{ year: YEARS[0].year, invoices: 0 }, ...YEARS]) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const idle = await memoryOf(pid);
        await Deno.writeTextFile(`/proc/${pid}/clear_refs`, "5").catch(() => {});
        let peak = idle.rss;
        let sampling = true;
        const sampler = (async () => {
          while (sampling) {
            peak = Math.max(peak, (await memoryOf(pid)).rss);
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
        })();
        const started = performance.now();
        const response = await fetch(`${app.served.url}/billing/exports/archive?period=${year}`, {
          headers: { Cookie: cookie },
        });
        let bytes = 0;
        for await (const chunk of response.body!) bytes += chunk.length;
        const seconds = (performance.now() - started) / 1000;
        sampling = false;
        await sampler;
        const after = await memoryOf(pid);
        if (invoices === 0) continue;
        rows.push([
          `${year}: ${invoices} invoices`,
          response.status,
          mib(bytes),
          Math.round(seconds * 10) / 10,
          mib(idle.rss),
          mib(peak),
          mib(after.hwm),
        ]);
      }
      console.log(formatTable(
        ["year", "status", "ZIP (MiB)", "time (s)", "RSS before (MiB)", "peak RSS sampled (MiB)", "VmHWM (MiB)"],
        rows,
      ));
      note(
        `each PDF ${PDF_BYTES / 1024} KiB; VmHWM is reset before each export; a year held in memory would add ` +
          `about ${mib(4000 * PDF_BYTES)} MiB to the larger year's peak`,
      );
    } finally {
      await app.served.stop();
    }
  } finally {
    await db.destroy();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
}
