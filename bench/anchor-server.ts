// The anchor of the record page benchmark: a bare Hono + postgres.js page doing only the work a
// patient record page cannot avoid, one statement each: the session by its token's hash (the
// same joins the app reads on every request), the patient by id and practice, one audit insert.
//   deno run --allow-net=127.0.0.1 bench/anchor-server.ts <port> <database url> <audit practice id>
// The audit rows go into a throwaway practice's chain with sequences from this process's own
// counter and a constant hash, so the insert is the bare cost of one row with today's columns
// and never meets the app's chains (nor depends on how the app computes a chain position).
import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { html } from "hono/html";
import postgres from "postgres";
import { hashSecret } from "../lib/secret-token.ts";

const [port, databaseUrl, auditPracticeId] = Deno.args;
const sql = postgres(databaseUrl, { max: 10, onnotice: () => {} });
const CONSTANT_HASH = "0".repeat(64);
let sequence = 0;

const app = new Hono();
app.get("/readyz", async (c) => {
  await sql`select 1`;
  return c.text("ok");
});

app.get("/patients/:id", async (c) => {
  const token = getCookie(c, "kartei_session");
  const browser = getCookie(c, "kartei_browser");
  if (!token) return c.text("sign in", 401);
  const [session] = await sql`
    select sessions.id, sessions.expires_at, sessions.last_seen_at, sessions.second_factor_at,
      accounts.id as account_id, accounts.name as account_name, accounts.language, accounts.status as account_status,
      practices.id as practice_id, practices.name as practice_name, practices.status as practice_status,
      memberships.id as membership_id, memberships.role, memberships.status as membership_status,
      known_browsers.status as browser_status,
      (accounts.kind = 'person' and exists (select 1 from terms_versions)
        and not exists (select 1 from terms_acceptances ta where ta.account_id = accounts.id and ta.terms_version = (
          select tv.version from terms_versions tv order by tv.published_at desc, tv.version desc limit 1)))
        as terms_pending
    from sessions
    inner join accounts on accounts.id = sessions.account_id
    left join practices on practices.id = sessions.practice_id
    left join memberships on memberships.practice_id = sessions.practice_id
      and memberships.account_id = sessions.account_id
    left join known_browsers on known_browsers.account_id = sessions.account_id
      and known_browsers.practice_id = sessions.practice_id and known_browsers.browser_hash = ${
    browser ? hashSecret(browser) : ""
  }
    where sessions.token_hash = ${hashSecret(token)}`;
  const now = new Date();
  if (
    !session || session.expires_at <= now || !session.second_factor_at || !session.practice_id ||
    session.account_status !== "active" || session.membership_status !== "active" || session.terms_pending
  ) return c.text("sign in", 401);
  const id = c.req.param("id");
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return c.notFound();
  const [patient] = await sql`select * from patients where practice_id = ${session.practice_id} and id = ${id}`;
  if (!patient) return c.notFound();
  await sql`
    insert into audit_events (practice_id, sequence, occurred_at, action, actor_account_id, subject_type, subject_id,
      request_id, details, previous_hash, hash)
    values (${auditPracticeId}, ${++sequence}, ${now}, 'patient.viewed', ${session.account_id}, 'patient', ${id},
      ${crypto.randomUUID()}, cast(${'{"purpose":"record"}'}::text as jsonb), ${CONSTANT_HASH}, ${CONSTANT_HASH})`;
  const born = patient.date_of_birth instanceof Date ? patient.date_of_birth.toISOString().slice(0, 10) : "";
  return c.html(html`
    <!doctype html>
    <html lang="de">
      <head>
        <meta charset="utf-8">
        <title>${patient.family_name}, ${patient.given_names}</title>
      </head>
      <body>
        <header>${session.practice_name} · ${session.account_name}</header>
        <main>
          <h1>${patient.family_name}, ${patient.given_names}</h1>
          <dl>
            <dt>Geboren</dt>
            <dd>${born}</dd>
            <dt>Anschrift</dt>
            <dd>${patient.street}, ${patient.postal_code} ${patient.city}</dd>
            <dt>Telefon</dt>
            <dd>${patient.phone}</dd>
            <dt>E-Mail</dt>
            <dd>${patient.email}</dd>
            <dt>Versicherung</dt>
            <dd>${patient.insurer_name} ${patient.insurance_number}</dd>
          </dl>
        </main>
      </body>
    </html>
  `);
});

Deno.serve({ hostname: "127.0.0.1", port: Number(port), onListen: () => {} }, app.fetch);
