// Two app processes on one Postgres behind a real PgBouncer in transaction pooling mode: both
// migrate at once, people register and sign in on one process and continue on the other, the
// mail delivery job of both processes sends every mail once, and a slot booked from both
// processes at the same moment is booked once. Needs a Postgres server, so it runs in the
// Postgres pass (TEST_DATABASE_URL) and needs Debian's pgbouncer there.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { type DatabaseHandle, openPostgres } from "../../db/database.ts";
import { normaliseName } from "../../lib/search-text.ts";
import { totpCode, totpStep } from "../../lib/totp.ts";
import { Browser } from "../../bench/browser.ts";
import { freePort, ROOT, startApp, type StartedApp } from "../../bench/processes.ts";
import { createScratchDatabase } from "../support/test-database.ts";
import { type Received, startSmtpServer } from "../support/smtp-server.ts";
import { GOOD_PASSWORD } from "../support/practice-fixtures.ts";

function hasPgBouncer(): boolean {
  try {
    return new Deno.Command("pgbouncer", { args: ["--version"], stdout: "null", stderr: "null" }).outputSync().success;
  } catch {
    return false;
  }
}

/** PgBouncer on a free loopback port in front of 127.0.0.1:5432, transaction pooling. */
async function startPgBouncer(serverUrl: URL) {
  const dir = await Deno.makeTempDir({ prefix: "kartei-pgbouncer-" });
  // It refuses to run as root; as root it drops to the postgres user, who must write here.
  await Deno.chmod(dir, 0o777);
  const port = freePort();
  await Deno.writeTextFile(`${dir}/userlist.txt`, `"${decodeURIComponent(serverUrl.username)}" ""\n`);
  await Deno.writeTextFile(
    `${dir}/pgbouncer.ini`,
    [
      "[databases]",
      `* = host=${serverUrl.hostname} port=${serverUrl.port || 5432}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${dir}/userlist.txt`,
      "pool_mode = transaction",
      "max_client_conn = 200",
      "default_pool_size = 8",
      `logfile = ${dir}/pgbouncer.log`,
      // Kartei sends its timeouts as startup parameters, which PgBouncer does not pass on: ignored
      // here, and set on the database role or in PgBouncer's connect_query instead (README).
      "ignore_startup_parameters = extra_float_digits,statement_timeout,idle_in_transaction_session_timeout",
    ].join("\n") + "\n",
  );
  await Deno.chmod(`${dir}/pgbouncer.ini`, 0o644);
  await Deno.chmod(`${dir}/userlist.txt`, 0o644);
  const asRoot = Deno.uid() === 0;
  const child = new Deno.Command("pgbouncer", {
    args: [...(asRoot ? ["-u", "postgres"] : []), `${dir}/pgbouncer.ini`],
    stdout: "null",
    stderr: "null",
  }).spawn();
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    port,
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch {
        // Already gone.
      }
      await child.status;
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

async function codeFor(received: Received[], email: string): Promise<string> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const mail = received.find((m) => m.to.includes(email));
    // In the body only: a header (a Message-ID's first group, say) may hold eight digits too.
    const body = mail?.raw.split(/\r?\n\r?\n/).slice(1).join("\n");
    const code = body?.match(/\b(\d{8})\b/)?.[1];
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no verification mail reached ${email}`);
}

function expect(label: string, answer: { status: number; location: string | null }, location: RegExp) {
  if (answer.status !== 303 || !location.test(answer.location ?? "")) {
    throw new Error(`${label} answered ${answer.status} → ${answer.location}`);
  }
}

/** Registers on `home`, then signs in with password and authenticator app on `elsewhere`. */
async function ownerAcrossProcesses(home: string, elsewhere: string, received: Received[], label: string) {
  const email = `${label}.${crypto.randomUUID().slice(0, 8)}@praxis.example`;
  const browser = new Browser(home);
  const registered = await browser.post("/register", {
    practice_name: `Praxis ${label}`,
    owner_name: "Dr. Maria Beispiel",
    email,
    password: GOOD_PASSWORD,
    password_confirmation: GOOD_PASSWORD,
    accept_terms: "yes",
  });
  expect("registration", registered, /^\/verify\//);
  expect(
    "verification",
    await browser.post(registered.location!.split("?")[0], { code: await codeFor(received, email) }),
    /^\/sign-in/,
  );
  expect("password", await browser.post("/sign-in", { email, password: GOOD_PASSWORD }), /^\/sign-in\/second-factor$/);
  const setup = await browser.get("/security/totp/new");
  const secret = decodeBase32IgnorePadding(
    setup.html.match(/class="totp-secret">([A-Z2-7 ]+)</)![1].replaceAll(" ", ""),
  );
  const factorId = setup.html.match(/action="\/security\/totp\/([0-9a-f-]{36})"/)![1];
  // The previous 30-second step (one past step is accepted): the current one stays for the sign-in elsewhere.
  const previous = totpCode(secret, totpStep(new Date()) - 1);
  expect("authenticator", await browser.post(`/security/totp/${factorId}`, { name: "Telefon", code: previous }), /./);

  const other = new Browser(elsewhere);
  expect("password elsewhere", await other.post("/sign-in", { email, password: GOOD_PASSWORD }), /second-factor/);
  const confirmed = await other.post("/sign-in/second-factor", { code: totpCode(secret, totpStep(new Date())) });
  expect("second factor elsewhere", confirmed, /^\/$/);
  return { email, home: browser, elsewhere: other };
}

const bouncer = suite("several app processes behind PgBouncer (on Postgres, transaction pooling)");

if (Deno.env.get("TEST_DATABASE_URL")) {
  bouncer("two processes: sign-in across them, each mail sent once, one slot booked once", async () => {
    assert.ok(hasPgBouncer(), "this test needs Debian's pgbouncer: apt-get install pgbouncer (.ci/run installs it)");
    const scratch = (await createScratchDatabase())!;
    const server = new URL(scratch.url);
    const pool = await startPgBouncer(server);
    const smtp = await startSmtpServer();
    const apps: StartedApp[] = [];
    let direct: DatabaseHandle | undefined;
    try {
      const pooled = new URL(scratch.url);
      pooled.port = String(pool.port);
      const environment = {
        DATABASE_URL: pooled.href,
        DATABASE_PREPARED_STATEMENTS: "off",
        KARTEI_MASTER_KEY: btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32)))),
        SMTP_URL: smtp.url,
        SMTP_FROM: "kartei@praxis.example",
      };
      const folder = `${ROOT}/data/test-pgbouncer-${crypto.randomUUID().slice(0, 8)}`;
      // Both start (and migrate) at the same moment, through the pooler.
      apps.push(...await Promise.all([startApp(`${folder}-a`, environment), startApp(`${folder}-b`, environment)]));
      const [a, b] = apps.map((app) => app.served.url);

      const owners = await Promise.all([
        ownerAcrossProcesses(a, b, smtp.received, "eins"),
        ownerAcrossProcesses(b, a, smtp.received, "zwei"),
        ownerAcrossProcesses(a, b, smtp.received, "drei"),
      ]);
      for (const owner of owners) {
        const deliveries = smtp.received.filter((mail) => mail.to.includes(owner.email));
        assert.is(deliveries.length, 1, "the verification mail went out once, though both processes deliver");
      }

      direct = openPostgres(scratch.url, 2);
      const owner = owners[0];
      const membership = await direct.db.selectFrom("memberships").innerJoin("accounts", "accounts.id", "account_id")
        .select(["memberships.id", "memberships.practice_id"]).where("accounts.email", "=", owner.email)
        .executeTakeFirstOrThrow();
      const location = await direct.db.selectFrom("locations").select("id")
        .where("practice_id", "=", membership.practice_id).executeTakeFirstOrThrow();
      const patient = await direct.db.insertInto("patients").values({
        practice_id: membership.practice_id,
        family_name: "Müller",
        given_names: "Anna",
        search_name: normaliseName("Müller Anna"),
      }).returning("id").executeTakeFirstOrThrow();
      const booking = {
        practitioner_id: membership.id,
        location_id: location.id,
        room_id: "",
        patient_id: patient.id,
        date: new Date(Date.now() + 14 * 24 * 60 * 60_000).toISOString().slice(0, 10),
        time: "09:00",
        duration: "30",
        title: "",
        repeat: "none",
      };
      const answers = await Promise.all([
        owner.home.post("/calendar/appointments", booking),
        owner.elsewhere.post("/calendar/appointments", booking),
      ]);
      const booked = await direct.db.selectFrom("appointments").select("id")
        .where("practice_id", "=", membership.practice_id).where("status", "!=", "cancelled").execute();
      assert.is(booked.length, 1, "the slot is booked once");
      const made = answers.filter((answer) => answer.status === 303 && answer.location?.startsWith("/calendar/week"));
      assert.is(made.length, 1, "one booking succeeds");
      // A refused booking is redirected to the form with its messages (POST/redirect/GET).
      const refused = answers.filter((answer) => answer.location?.startsWith("/calendar/new?kept="));
      assert.is(refused.length, 1, "the other is refused");
    } finally {
      await direct?.close();
      for (const app of apps) await app.served.stop();
      await smtp.close();
      await pool.stop();
      await scratch.drop();
    }
  });
}

bouncer.run();
