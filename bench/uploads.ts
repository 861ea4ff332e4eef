// deno task bench -- uploads: the memory of concurrent uploads. Kartei runs as `deno task start`
// on a fresh Postgres database (created and dropped here) holding the demo practice; a signed-in
// owner's browser is written straight into the database (sign-in is measured elsewhere). Eight
// clients upload a PDF at DOCUMENT_MAX_BYTES at the same moment, while the app process's
// resident memory is sampled from /proc (VmRSS every 10 ms, and the kernel's peak VmHWM, reset
// just before). Measures and prints, never asserts.
import postgres from "postgres";
import { Kysely } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import type { Database } from "../db/schema.ts";
import { DEMO_EMAIL } from "../db/demo-practice.ts";
import { generateSecretToken } from "../lib/secret-token.ts";
import { startApp } from "./processes.ts";
import { formatTable, note, section } from "./table.ts";
import { servingPid } from "./anchor-load.ts";
import { approvedBrowserSession } from "./clinical-session.ts";

const SERVER_URL = Deno.env.get("BENCH_UPLOADS_SERVER_URL") ?? "postgres://postgres@127.0.0.1:5432";
const UPLOADS = 8;
const MAX_BYTES = 20 * 1024 * 1024;

const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** VmRSS and VmHWM of a process, in bytes. */
export async function memoryOf(pid: number): Promise<{ rss: number; hwm: number }> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
  return { rss: field("VmRSS"), hwm: field("VmHWM") };
}

/** The demo owner, signed in with a complete session, an approved browser and a CSRF cookie. */
async function signInDemoOwner(db: Kysely<Database>) {
  const owner = await db.selectFrom("accounts").innerJoin("memberships", "memberships.account_id", "accounts.id")
    .select(["accounts.id as accountId", "memberships.practice_id as practiceId"])
    .where("accounts.email", "=", DEMO_EMAIL).where("memberships.role", "=", "owner").executeTakeFirstOrThrow();
  const patient = await db.selectFrom("patients").select("id").where("practice_id", "=", owner.practiceId)
    .orderBy("id").limit(1).executeTakeFirstOrThrow();
  const csrfToken = generateSecretToken();
  const { token, browserToken } = await approvedBrowserSession(db, owner.accountId, owner.practiceId);
  return {
    patientId: patient.id,
    csrfToken,
    cookie: `kartei_session=${token}; kartei_browser=${browserToken}; kartei_csrf=${csrfToken}`,
  };
}

function pdfOf(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let offset = 0; offset < size; offset += 65536) {
    crypto.getRandomValues(bytes.subarray(offset, Math.min(size, offset + 65536)));
  }
  bytes.set(new TextEncoder().encode("%PDF-1.7\n"));
  return bytes;
}

export async function benchmarkUploads(): Promise<void> {
  section(`Uploads: ${UPLOADS} at once at DOCUMENT_MAX_BYTES (${mib(MAX_BYTES)} MiB), app on Postgres`);
  const name = `kartei_bench_uploads_${crypto.randomUUID().slice(0, 8)}`;
  const admin = postgres(`${SERVER_URL}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const databaseUrl = `${SERVER_URL}/${name}`;
  const dataDir = `./data/bench-uploads-${name.slice(-8)}`;
  const client = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: client }) });
  const environment = { DATABASE_URL: databaseUrl, DOCUMENT_MAX_BYTES: String(MAX_BYTES), LOG_LEVEL: "warn" };
  // The first start creates the demo practice; the measured process starts on it afresh, so its
  // memory holds nothing of the seeding.
  await (await startApp(dataDir, { ...environment, KARTEI_DEMO: "1" })).served.stop();
  const app = await startApp(dataDir, environment);
  try {
    const pid = await servingPid(app.served.pid);
    const browser = await signInDemoOwner(db);
    const files = Array.from({ length: UPLOADS }, () => pdfOf(MAX_BYTES));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idle = await memoryOf(pid);
    // Writing 5 resets the peak (VmHWM) to the current RSS, so it covers the uploads only.
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
    const statuses = await Promise.all(files.map(async (bytes, index) => {
      const form = new FormData();
      form.set("_csrf", browser.csrfToken);
      form.set("file", new File([bytes as BlobPart], `Befund ${index + 1}.pdf`, { type: "application/pdf" }));
      const response = await fetch(`${app.served.url}/patients/${browser.patientId}/documents`, {
        method: "POST",
        headers: { Cookie: browser.cookie, Origin: app.served.url },
        body: form,
        redirect: "manual",
      });
      await response.body?.cancel();
      return response.status;
    }));
    const seconds = (performance.now() - started) / 1000;
    sampling = false;
    await sampler;
    const after = await memoryOf(pid);
    const stored = await db.selectFrom("documents").select((eb) => eb.fn.countAll<number>().as("count"))
      .where("byte_size", "=", MAX_BYTES).executeTakeFirstOrThrow();
    console.log(formatTable(["measure", "value"], [
      ["answers", statuses.join(" ")],
      ["documents stored at the limit", Number(stored.count)],
      ["all uploads done (s)", Math.round(seconds * 10) / 10],
      ["RSS before (MiB)", mib(idle.rss)],
      ["peak RSS sampled every 10 ms (MiB)", mib(peak)],
      ["peak RSS by the kernel, VmHWM (MiB)", mib(after.hwm)],
      ["RSS after (MiB)", mib(after.rss)],
    ]));
    note("VmHWM is reset just before the uploads; the target is under 300 MiB for the eight");
  } finally {
    await app.served.stop();
    await db.destroy();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
}
