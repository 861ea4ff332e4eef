// Hostile input to every form and JSON endpoint of signing in by knowledge and possession: the
// second-factor step and step-up, setting up and managing factors, recovery codes, sessions, the
// practice's sign-in rules, changing and resetting the password, and the security-key
// ceremonies. Each answer is a 4xx (never a 500) with a message beside the field where a form
// comes back; another person's factor, session or flow is a 404; and nothing is written beyond
// the audit record of a guess that was evaluated and failed.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { decodeBase32IgnorePadding, encodeBase64urlNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import type { Db } from "../../db/database.ts";
import { createTestApp, TEST_BASE_URL, uniqueEmail } from "../support/test-app.ts";
import { fieldError, type Page, TestClient } from "../support/http-client.ts";
import {
  GOOD_PASSWORD,
  latestCode,
  nextTotpCode,
  registerPractice,
  registerVerifiedPractice,
  signedInOwner,
  signInAs,
} from "../support/practice-fixtures.ts";
import { createYubikeyEmulator } from "../support/yubikey-emulator.ts";
import { SoftwareAuthenticator } from "../support/software-authenticator.ts";

const REQUIRED = "Bitte ausfüllen.";
const INVALID_CHARACTERS = "Enthält Zeichen, die hier nicht erlaubt sind.";
const CODE_REFUSED = "Der Code ist falsch oder wurde bereits verwendet.";
const EMAIL_CODE_REFUSED = "Der Code ist falsch oder abgelaufen.";
const INVALID_NUMBER = "Bitte eine Zahl zwischen 0 und 3650 angeben.";
const INVALID_EMAIL = "Bitte eine gültige E-Mail-Adresse angeben.";
const TOO_LONG_256 = "Höchstens 256 Zeichen.";
const NEW_PASSWORD = "Abends Tee, morgens Kaffee 8";
const ONE_MEGABYTE = 1024 * 1024;
const SQL = "'; drop table accounts; --";
const SCRIPT = "<script>alert(1)</script>";
const IMG = "<img src=x onerror=alert(1)>";
const SHORT_MARKUP = "<b>kurz</b>";

const TABLES = [
  "second_factors",
  "recovery_codes",
  "sessions",
  "password_history",
  "email_verifications",
  "outgoing_mails",
  "audit_events",
] as const;
type Counts = Record<(typeof TABLES)[number], number>;

type App = ConstructorParameters<typeof TestClient>[0];
type Clock = { now(): Date; advance(ms: number): void };

let browsers = 0;
/**
 * A browser of its own, from its own address, as real ones are: the per-address budgets for
 * failed sign-ins and mails sent are never spent by another scenario or suite.
 */
function browser(app: App): TestClient {
  browsers++;
  return new TestClient(app, TEST_BASE_URL, `10.66.${browsers >> 8}.${browsers & 255}`);
}

async function rowCounts(db: Db): Promise<Counts> {
  const counts = {} as Counts;
  for (const table of TABLES) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    counts[table] = Number(rows[0].n);
  }
  return counts;
}

/** Nothing written, except `audited` audit records: one per guess that was evaluated and failed. */
async function assertNothingWritten(db: Db, before: Counts, what: string, audited = 0) {
  assert.equal(
    await rowCounts(db),
    { ...before, audit_events: before.audit_events + audited },
    `${what}: nothing written${audited ? ` but ${audited} audit records` : ""}`,
  );
}

function assertEscaped(html: string, what: string) {
  assert.not.ok(/<script>alert|<img src=x/i.test(html), `${what}: markup must not come back live`);
}

/** An urlencoded body as a script would write it: `raw` values go in exactly as given ("%FF", "%00"). */
function handWritten(fields: Record<string, string>, raw: Array<[string, string]> = []): string {
  const rawNames = new Set(raw.map(([name]) => name));
  return [
    ...Object.entries(fields).filter(([name]) => !rawNames.has(name))
      .map(([name, value]) => `${name}=${encodeURIComponent(value)}`),
    ...raw.map(([name, value]) => `${name}=${value}`),
  ].join("&");
}

/** Posts a hand-written body with the right CSRF token and our Origin. */
async function postRaw(client: TestClient, path: string, body: string): Promise<Page> {
  if (!client.csrfToken()) await client.get("/sign-in");
  return await client.send(path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: TEST_BASE_URL },
    body: `_csrf=${client.csrfToken()}&${body}`,
  });
}

interface Answer {
  status: number;
  // deno-lint-ignore no-explicit-any
  body: any;
}

/** Posts JSON as static/webauthn.js does (token in the header); a string goes in as it is. */
async function postJson(client: TestClient, path: string, body: unknown): Promise<Answer> {
  if (!client.csrfToken()) await client.get("/sign-in");
  const page = await client.send(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: TEST_BASE_URL, "X-CSRF-Token": client.csrfToken()! },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  try {
    return { status: page.status, body: JSON.parse(page.html) };
  } catch {
    return { status: page.status, body: { html: page.html, location: page.location } };
  }
}

/**
 * A practice owner signed in completely (authenticator app), with a fresh second factor, who has
 * opened the practice's first page: what a first visit records is recorded before a scenario counts.
 */
async function owner(app: App, db: Db, clock: Clock) {
  const client = browser(app);
  const person = await signedInOwner(client, db, clock);
  assert.is((await client.get("/")).status, 200);
  return { client, ...person };
}

/** Another browser of the same person, past the password: it waits for the second factor. */
async function waitingForSecondFactor(app: App, email: string): Promise<TestClient> {
  const client = browser(app);
  assert.is((await signInAs(client, email, GOOD_PASSWORD)).location, "/sign-in/second-factor");
  return client;
}

async function accountRow(db: Db, accountId: string) {
  return await db.selectFrom("accounts").select(["password_hash", "failed_attempts"])
    .where("id", "=", accountId).executeTakeFirstOrThrow();
}

async function failureReasons(db: Db, accountId: string): Promise<string[]> {
  const rows = await db.selectFrom("audit_events").select("details").where("actor_account_id", "=", accountId)
    .where("action", "=", "second_factor.failed").orderBy("id").execute();
  return rows.map((row) => (row.details as { reason: string }).reason);
}

const UUID_IN_FORM = /action="\/security\/totp\/([0-9a-f-]{36})"/;

/** Paths that are not the id they stand in for: markup, SQL, NUL, broken UTF-8, near misses. */
function hostileIds(realId: string): string[] {
  return [
    "not-a-uuid",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "'%20or%20'1'%3D'1",
    "%00",
    "%FF%FE",
    "..%2F..%2Fsign-out",
    realId.toUpperCase(),
    `${realId}%00`,
    `${realId}0`,
    "00000000-0000-0000-0000-000000000000",
    "a".repeat(10_000),
  ];
}

// ---------------------------------------------------------------------------------------------
const secondFactor = suite("hostile input to the second-factor step and step-up");

secondFactor("hostile codes are refused beside the field and count as one wrong guess each", async () => {
  const { app, db, clock } = await createTestApp();
  const person = await owner(app, db, clock);
  const client = await waitingForSecondFactor(app, person.email);
  const before = await rowCounts(db);

  // Refused by the field rules: no guess is spent on them.
  const unread: Array<[string, string]> = [
    [handWritten({}), REQUIRED],
    [handWritten({ code: " \t " }), REQUIRED],
    [handWritten({}, [["code", "123456"], ["code", "123456"]]), REQUIRED],
    [handWritten({ code: "1".repeat(ONE_MEGABYTE) }), CODE_REFUSED],
  ];
  for (const [body, message] of unread) {
    const page = await postRaw(client, "/sign-in/second-factor", body);
    assert.is(page.status, 422, body.slice(0, 60));
    assert.is(fieldError(page.html, "code"), message, body.slice(0, 60));
  }
  const multipart = new FormData();
  multipart.set("_csrf", client.csrfToken()!);
  multipart.set("code", new File(["123456"], "code.txt"));
  const file = await client.send("/sign-in/second-factor", {
    method: "POST",
    headers: { Origin: TEST_BASE_URL },
    body: multipart,
  });
  assert.is(file.status, 422);
  assert.is(fieldError(file.html, "code"), REQUIRED);
  assert.is((await accountRow(db, person.accountId)).failed_attempts, 0, "no guess spent");
  await assertNothingWritten(db, before, "codes refused by the field rules");

  // Read, and refused like any wrong code: each one is a guess.
  const guesses = [
    handWritten({ code: SQL }),
    handWritten({ code: IMG }),
    handWritten({}, [["code", "123%00456"]]),
    handWritten({}, [["code", "%FF%FE123456"]]),
  ];
  for (const body of guesses) {
    const page = await postRaw(client, "/sign-in/second-factor", body);
    assert.is(page.status, 422, body);
    assert.is(fieldError(page.html, "code"), CODE_REFUSED, body);
    assertEscaped(page.html, "second-factor form");
  }
  assert.is((await accountRow(db, person.accountId)).failed_attempts, 4);
  assert.equal(await failureReasons(db, person.accountId), ["malformed", "malformed", "malformed", "malformed"]);
  await assertNothingWritten(db, before, "hostile codes", guesses.length);
  assert.is((await client.get("/")).status, 303, "still waiting for the second factor");

  const right = await client.post("/sign-in/second-factor", { code: nextTotpCode(clock, person.totpSecret) });
  assert.is(right.location, "/", "the real code still works");
  assert.is((await accountRow(db, person.accountId)).failed_attempts, 0, "a completed sign-in clears the count");
});

secondFactor("a fifth hostile code locks the account like a fifth wrong one", async () => {
  const { app, db, clock } = await createTestApp();
  const person = await owner(app, db, clock);
  const client = await waitingForSecondFactor(app, person.email);
  const before = await rowCounts(db);

  for (let i = 0; i < 4; i++) {
    assert.is((await client.post("/sign-in/second-factor", { code: `${SQL}${i}` })).status, 422);
  }
  const fifth = await client.post("/sign-in/second-factor", { code: SCRIPT });
  assert.is(fifth.location, "/sign-in?notice=lockedOut");
  const after = await rowCounts(db);
  assert.is(after.sessions, before.sessions - 1, "the session waiting for its second factor ended");
  assert.is(after.audit_events, before.audit_events + 6, "five failures and the lock are audited");
  assert.is((await client.get("/sign-in/second-factor")).location, "/sign-in");
  assert.is((await signInAs(browser(app), person.email, GOOD_PASSWORD)).status, 401, "locked");

  clock.advance(15 * 60_000);
  const later = await waitingForSecondFactor(app, person.email);
  const right = await later.post("/sign-in/second-factor", { code: nextTotpCode(clock, person.totpSecret) });
  assert.is(right.location, "/", "open again after 15 minutes");
});

secondFactor("a hostile return address comes back escaped and never leads off-site", async () => {
  const { app, db, clock } = await createTestApp();
  const person = await owner(app, db, clock);
  const client = await waitingForSecondFactor(app, person.email);

  const wrong = await client.post("/sign-in/second-factor", {
    code: "000000",
    return_to: `/"><script>alert(1)</script>`,
  });
  assert.is(wrong.status, 422);
  assert.ok(
    wrong.html.includes(`name="return_to" value="/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"`),
    "a local path comes back escaped",
  );
  assertEscaped(wrong.html, "second-factor form");

  const right = await postRaw(
    client,
    "/sign-in/second-factor",
    handWritten({ code: nextTotpCode(clock, person.totpSecret) }, [["return_to", "%2F%5Cevil.example"]]),
  );
  assert.is(right.location, "/", "never off-site");
});

secondFactor("hostile codes at the step-up are refused beside the field and open nothing", async () => {
  const { app, db, clock } = await createTestApp();
  const person = await owner(app, db, clock);
  const waiting = await waitingForSecondFactor(app, person.email);
  clock.advance(11 * 60_000);
  const before = await rowCounts(db);

  const bodies: Array<[string, string]> = [
    [handWritten({ return_to: "/security" }, [["code", "1"], ["code", "2"]]), REQUIRED],
    [handWritten({ code: "9".repeat(ONE_MEGABYTE), return_to: "/security" }), CODE_REFUSED],
    [handWritten({ return_to: "/security" }, [["code", "%00%00%00%00%00%00"]]), CODE_REFUSED],
    [handWritten({ code: SQL, return_to: SCRIPT }), CODE_REFUSED],
  ];
  for (const [body, message] of bodies) {
    const page = await postRaw(person.client, "/step-up", body);
    assert.is(page.status, 422, body.slice(0, 60));
    assert.ok(page.html.includes("Bitte bestätigen Sie sich erneut"));
    assert.is(fieldError(page.html, "code"), message, body.slice(0, 60));
    assertEscaped(page.html, "step-up form");
  }
  assert.is((await person.client.get("/security/totp/new")).status, 303, "no fresh second factor");

  // Without a complete session there is nothing to step up.
  assert.is((await browser(app).post("/step-up", { code: SQL })).location, "/sign-in");
  assert.is((await waiting.post("/step-up", { code: SQL })).location, "/sign-in");
  await assertNothingWritten(db, before, "hostile step-up", 2);

  const right = await person.client.post("/step-up", {
    code: nextTotpCode(clock, person.totpSecret),
    return_to: "/security",
  });
  assert.is(right.location, "/security");
});

secondFactor.run();

// ---------------------------------------------------------------------------------------------
const enrolment = suite("hostile input to setting up a second factor");

enrolment("hostile setup ids and another person's setup are sent back to the start, changing nothing", async () => {
  const { app, db, clock } = await createTestApp();
  const anna = await owner(app, db, clock);
  const bert = await owner(app, db, clock);
  const bertsSetup = (await bert.client.get("/security/totp/new")).html.match(UUID_IN_FORM)![1];
  const annasSetup = (await anna.client.get("/security/totp/new")).html.match(UUID_IN_FORM)![1];
  const before = await rowCounts(db);

  for (const id of [bertsSetup, ...hostileIds(annasSetup)]) {
    const page = await anna.client.post(`/security/totp/${id}`, { name: SCRIPT, code: "123456" });
    assert.is(page.status, 303, id.slice(0, 40));
    assert.is(page.location, "/security/totp/new", id.slice(0, 40));
  }
  const berts = await db.selectFrom("second_factors").select(["status", "name"]).where("id", "=", bertsSetup)
    .executeTakeFirstOrThrow();
  assert.equal(berts, { status: "pending", name: "Authenticator-App" }, "another person's setup is untouched");
  await assertNothingWritten(db, before, "hostile setup ids");
});

enrolment(
  "hostile names and codes at the app setup come back beside their field; the setup stays pending",
  async () => {
    const { app, db, clock } = await createTestApp();
    const person = await owner(app, db, clock);
    const setup = await person.client.get("/security/totp/new");
    const factorId = setup.html.match(UUID_IN_FORM)![1];
    const secret = setup.html.match(/class="totp-secret">([A-Z2-7 ]+)</)![1].replaceAll(" ", "");
    const rightCode = nextTotpCode(clock, decodeBase32IgnorePadding(secret));
    const path = `/security/totp/${factorId}`;
    const before = await rowCounts(db);

    const cases: Array<[string, string, string]> = [
      // A bad name stops the right code before it is checked: it is not used up.
      [handWritten({ code: rightCode }, [["name", "Tele%00fon"]]), "name", INVALID_CHARACTERS],
      [handWritten({ code: rightCode }, [["name", "Telefon%C3%28"]]), "name", INVALID_CHARACTERS],
      [handWritten({ code: rightCode, name: "Telefon\r\nBcc: x@evil.example" }), "name", INVALID_CHARACTERS],
      [handWritten({ code: rightCode, name: "x".repeat(ONE_MEGABYTE) }), "name", "Höchstens 60 Zeichen."],
      [handWritten({ code: rightCode }), "name", REQUIRED],
      [handWritten({ name: "Telefon" }), "code", REQUIRED],
      [handWritten({ name: "Telefon" }, [["code", rightCode], ["code", rightCode]]), "code", REQUIRED],
      [handWritten({ name: "Telefon", code: "1".repeat(ONE_MEGABYTE) }), "code", CODE_REFUSED],
      [handWritten({ name: "Telefon", code: "1' or '1'='1" }), "code", CODE_REFUSED],
      [handWritten({ name: "Telefon" }, [["code", "123%00456"]]), "code", CODE_REFUSED],
      [handWritten({ name: SCRIPT, code: "000000" }), "code", CODE_REFUSED],
    ];
    for (const [body, field, message] of cases) {
      const page = await postRaw(person.client, path, body);
      assert.is(page.status, 422, body.slice(0, 60));
      assert.is(fieldError(page.html, field), message, body.slice(0, 60));
      assert.ok(page.html.includes(`action="${path}"`), "the same setup comes back");
      assertEscaped(page.html, "app setup");
    }
    const last = await postRaw(person.client, path, handWritten({ name: SCRIPT, code: "000000" }));
    assert.ok(last.html.includes(`value="&lt;script&gt;alert(1)&lt;/script&gt;"`), "the typed name comes back escaped");
    const factor = await db.selectFrom("second_factors").select(["status", "name"]).where("id", "=", factorId)
      .executeTakeFirstOrThrow();
    assert.equal(factor, { status: "pending", name: "Authenticator-App" });
    await assertNothingWritten(db, before, "hostile app setup");

    // Markup is a name like any other: stored as typed, shown escaped.
    const done = await person.client.post(path, { name: IMG, code: rightCode });
    assert.is(done.location, "/security?notice=factorAdded", "the right code was never used up");
    const page = await person.client.get("/security");
    assert.ok(page.html.includes("&lt;img src=x onerror=alert(1)&gt;"));
    assertEscaped(page.html, "security page");
  },
);

enrolment("hostile key data at the YubiKey setup is refused beside its field; no key is stored", async () => {
  const { app, db, clock } = await createTestApp();
  const person = await owner(app, db, clock);
  const key = createYubikeyEmulator();
  const otherKey = createYubikeyEmulator();
  const aesKey = encodeHexLowerCase(key.aesKey);
  const valid = () => ({
    name: "YubiKey 5",
    public_id: key.publicId,
    private_id: encodeHexLowerCase(key.privateId),
    aes_key: aesKey,
    otp: key.press(),
  });
  const before = await rowCounts(db);

  const csvInvalid = "Die Zeile ist kein Yubico-OTP-Eintrag des Personalization Tool.";
  const cases: Array<[string, string, string]> = [
    [handWritten({ ...valid(), name: SCRIPT, otp: SQL }), "otp", "Bitte den Schlüssel berühren: er tippt 44 Zeichen."],
    [
      handWritten({ ...valid(), otp: "c".repeat(ONE_MEGABYTE) }),
      "otp",
      "Bitte den Schlüssel berühren: er tippt 44 Zeichen.",
    ],
    [
      handWritten({ ...valid(), otp: otherKey.press() }),
      "otp",
      "Das Einmalpasswort passt nicht zu diesen Schlüsseldaten.",
    ],
    [handWritten({ ...valid(), otp: "" }), "otp", REQUIRED],
    [handWritten(valid(), [["otp", key.press()], ["otp", key.press()]]), "otp", REQUIRED],
    [handWritten(valid(), [["name", "Yubi%00Key"]]), "name", INVALID_CHARACTERS],
    [handWritten({ ...valid(), csv: SCRIPT }), "csv", csvInvalid],
    [handWritten({ ...valid(), csv: `${SQL},${SQL},${SQL},${SQL},${SQL},${SQL}` }), "csv", csvInvalid],
    [handWritten(valid(), [["csv", "%00%FF"]]), "csv", csvInvalid],
    [handWritten({ ...valid(), csv: "1".repeat(ONE_MEGABYTE) }), "csv", "Höchstens 2000 Zeichen."],
    [handWritten({ ...valid(), public_id: SCRIPT }), "public_id", "12 Zeichen aus cbdefghijklnrtuv."],
    [handWritten({ ...valid(), public_id: "c".repeat(ONE_MEGABYTE) }), "public_id", "12 Zeichen aus cbdefghijklnrtuv."],
    [
      handWritten(valid(), [["public_id", `${key.publicId.slice(0, 11)}%00`]]),
      "public_id",
      "12 Zeichen aus cbdefghijklnrtuv.",
    ],
    [handWritten({ ...valid(), private_id: SQL }), "private_id", "12 Hexadezimalzeichen."],
    [handWritten({ ...valid(), aes_key: `${aesKey.slice(0, 31)}<` }), "aes_key", "32 Hexadezimalzeichen."],
  ];
  for (const [body, field, message] of cases) {
    const page = await postRaw(person.client, "/security/yubikey", body);
    assert.is(page.status, 422, body.slice(0, 60));
    assert.is(fieldError(page.html, field), message, `${field}: ${body.slice(0, 60)}`);
    assert.not.ok(page.html.includes(aesKey), "the AES secret is never sent back");
    assertEscaped(page.html, "YubiKey setup");
  }
  await assertNothingWritten(db, before, "hostile YubiKey setup");

  const added = await person.client.post("/security/yubikey", valid());
  assert.is(added.location, "/security?notice=factorAdded", "the key itself still works");
});

enrolment.run();

// ---------------------------------------------------------------------------------------------
const management = suite("hostile input to managing factors, sessions and recovery codes");

management("ids that are not UUIDs answer 404 and change nothing", async () => {
  const { app, db, clock } = await createTestApp();
  const person = await owner(app, db, clock);
  await waitingForSecondFactor(app, person.email);
  const [factor] = await db.selectFrom("second_factors").select("id").where("account_id", "=", person.accountId)
    .execute();
  const [otherSession] = await db.selectFrom("sessions").select("id").where("account_id", "=", person.accountId)
    .where("second_factor_at", "is", null).execute();
  const before = await rowCounts(db);

  for (const id of hostileIds(factor.id)) {
    for (const action of ["remove", "lost"]) {
      const page = await person.client.post(`/security/factors/${id}/${action}`, {});
      assert.is(page.status, 404, `${action} ${id.slice(0, 40)}`);
      assertEscaped(page.html, "404 page");
    }
  }
  for (const id of hostileIds(otherSession.id)) {
    const page = await person.client.post(`/security/sessions/${id}/end`, {});
    assert.is(page.status, 404, `end ${id.slice(0, 40)}`);
  }
  await assertNothingWritten(db, before, "hostile ids");
  assert.is((await person.client.get("/")).status, 200, "still signed in");
});

management("another person's factor and session answer 404 and stay as they were", async () => {
  const { app, db, clock } = await createTestApp();
  const anna = await owner(app, db, clock);
  const bert = await owner(app, db, clock);
  const [annasSession] = await db.selectFrom("sessions").select("id").where("account_id", "=", anna.accountId)
    .execute();
  const [bertsFactor] = await db.selectFrom("second_factors").select("id").where("account_id", "=", bert.accountId)
    .execute();
  const [bertsSession] = await db.selectFrom("sessions").select("id").where("account_id", "=", bert.accountId)
    .execute();
  const annasPending = (await anna.client.get("/security/totp/new")).html.match(UUID_IN_FORM)![1];
  const before = await rowCounts(db);

  const paths = [
    `/security/factors/${bertsFactor.id}/remove`,
    `/security/factors/${bertsFactor.id}/lost`,
    `/security/sessions/${bertsSession.id}/end`,
    // Her own, but not what the actions are for: a setup not yet confirmed, the session in use.
    `/security/factors/${annasPending}/remove`,
    `/security/factors/${annasPending}/lost`,
    `/security/sessions/${annasSession.id}/end`,
  ];
  for (const path of paths) {
    const page = await anna.client.post(path, {});
    assert.is(page.status, 404, path);
  }
  await assertNothingWritten(db, before, "another person's ids");
  const factor = await db.selectFrom("second_factors").select("status").where("id", "=", bertsFactor.id)
    .executeTakeFirstOrThrow();
  assert.is(factor.status, "active");
  assert.is((await bert.client.get("/")).status, 200, "his session goes on");
  assert.is((await anna.client.get("/")).status, 200, "so does hers");
});

management("recovery codes are made only for a fresh, complete session that sends its token", async () => {
  const { app, db, clock } = await createTestApp();
  const anna = await owner(app, db, clock);
  const bert = await owner(app, db, clock);
  assert.is((await bert.client.post("/security/recovery-codes", {})).status, 200);
  const waiting = await waitingForSecondFactor(app, anna.email);
  const before = await rowCounts(db);

  const forged = await anna.client.post("/security/recovery-codes", { _csrf: "a".repeat(52) });
  assert.is(forged.status, 403);
  const json = await anna.client.send("/security/recovery-codes", {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: TEST_BASE_URL },
    body: JSON.stringify({ _csrf: anna.client.csrfToken() }),
  });
  assert.is(json.status, 403, "a token inside JSON is not read");
  const broken = await anna.client.send("/security/recovery-codes", {
    method: "POST",
    headers: { "Content-Type": "multipart/form-data; boundary=kartei", Origin: TEST_BASE_URL },
    body: "\u0000 not multipart",
  });
  assert.is(broken.status, 400);
  assert.is((await waiting.post("/security/recovery-codes", {})).location, "/sign-in/second-factor");
  assert.is((await browser(app).post("/security/recovery-codes", {})).location, "/sign-in");
  clock.advance(11 * 60_000);
  const stale = await anna.client.post("/security/recovery-codes", {});
  assert.match(stale.location ?? "", /^\/step-up\?return_to=/);
  await assertNothingWritten(db, before, "refused recovery codes");

  // Extra fields are not read: ten codes for her, and his stay his.
  await anna.client.post("/step-up", { code: nextTotpCode(clock, anna.totpSecret), return_to: "/security" });
  const bertsCodes = await db.selectFrom("recovery_codes").select("code_hash").where("account_id", "=", bert.accountId)
    .execute();
  const made = await anna.client.post("/security/recovery-codes", {
    account_id: bert.accountId,
    count: "1000000",
    codes: SQL,
  });
  assert.is(made.status, 200);
  assert.is([...made.html.matchAll(/<code>[0-9A-Z-]{19}<\/code>/g)].length, 10);
  assert.equal(
    await db.selectFrom("recovery_codes").select("code_hash").where("account_id", "=", bert.accountId).execute(),
    bertsCodes,
  );
});

management.run();

// ---------------------------------------------------------------------------------------------
const policy = suite("hostile input to the practice's sign-in rules");

policy("hostile rule values are refused beside the field; the rules stay as they were", async () => {
  const { app, db, clock } = await createTestApp();
  const person = await owner(app, db, clock);
  const practice = () =>
    db.selectFrom("practices").select(["password_max_age_days", "owners_need_webauthn"])
      .where("id", "=", person.practiceId).executeTakeFirstOrThrow();
  const rules = await practice();
  const before = await rowCounts(db);

  const days: Array<[string, string]> = [
    [handWritten({ password_max_age_days: SCRIPT }), INVALID_NUMBER],
    [handWritten({ password_max_age_days: SQL }), INVALID_NUMBER],
    [handWritten({ password_max_age_days: "90; update practices set owners_need_webauthn = false" }), INVALID_NUMBER],
    [handWritten({ password_max_age_days: "-1" }), INVALID_NUMBER],
    [handWritten({ password_max_age_days: "3651" }), INVALID_NUMBER],
    [handWritten({ password_max_age_days: "1e3" }), INVALID_NUMBER],
    [handWritten({ password_max_age_days: "0x10" }), INVALID_NUMBER],
    [handWritten({ password_max_age_days: "12.5" }), INVALID_NUMBER],
    [handWritten({ password_max_age_days: "１２" }), INVALID_NUMBER],
    [handWritten({ password_max_age_days: "9".repeat(ONE_MEGABYTE) }), INVALID_NUMBER],
    [handWritten({}, [["password_max_age_days", "3%00"]]), INVALID_NUMBER],
    [handWritten({}, [["password_max_age_days", "%FF3"]]), INVALID_NUMBER],
    [handWritten({}), REQUIRED],
    [handWritten({ password_max_age_days: "" }), INVALID_NUMBER],
    [handWritten({}, [["password_max_age_days", "30"], ["password_max_age_days", "30"]]), REQUIRED],
  ];
  for (const [body, message] of days) {
    const page = await postRaw(person.client, "/security/policy", body);
    assert.is(page.status, 422, body.slice(0, 60));
    assert.is(fieldError(page.html, "password_max_age_days"), message, body.slice(0, 60));
    assertEscaped(page.html, "security page");
  }
  for (const forged of [SCRIPT, "true", "on", "YES", "yes\u0000"]) {
    const page = await person.client.post("/security/policy", {
      password_max_age_days: "30",
      owners_need_webauthn: forged,
    });
    assert.is(page.status, 422, forged);
    assert.is(
      fieldError(page.html, "owners_need_webauthn"),
      REQUIRED,
      `a forged value is refused beside the checkbox: ${forged}`,
    );
    assertEscaped(page.html, "security page");
  }
  assert.equal(await practice(), rules);
  await assertNothingWritten(db, before, "hostile rules");
});

policy.run();

// ---------------------------------------------------------------------------------------------
const change = suite("hostile input to changing the password");

change("hostile values are refused beside the field; no code is sent and the password stays", async () => {
  const { app, db, clock } = await createTestApp();
  const person = await owner(app, db, clock);
  const { password_hash } = await accountRow(db, person.accountId);
  const valid = { current_password: GOOD_PASSWORD, password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD };
  const before = await rowCounts(db);

  const cases: Array<[string, string, string]> = [
    [handWritten(valid, [["current_password", "Morgens%00Kaffee"]]), "current_password", INVALID_CHARACTERS],
    [handWritten(valid, [["current_password", "Morgens+Kaffee%FF"]]), "current_password", INVALID_CHARACTERS],
    [handWritten(valid, [["password", "Abends+Tee%00+morgens+Kaffee"]]), "password", INVALID_CHARACTERS],
    [handWritten(valid, [["password", "Abends+Tee%C3%28+morgens+Kaffee"]]), "password", INVALID_CHARACTERS],
    [handWritten({ ...valid, current_password: "x".repeat(ONE_MEGABYTE) }), "current_password", TOO_LONG_256],
    [handWritten({ ...valid, password: "x".repeat(ONE_MEGABYTE) }), "password", TOO_LONG_256],
    [handWritten({ ...valid, password_confirmation: "x".repeat(ONE_MEGABYTE) }), "password_confirmation", TOO_LONG_256],
    [handWritten({}), "current_password", REQUIRED],
    [handWritten({}), "password", REQUIRED],
    [handWritten({}), "password_confirmation", REQUIRED],
    [
      handWritten(valid, [["current_password", encodeURIComponent(GOOD_PASSWORD)], [
        "current_password",
        encodeURIComponent(GOOD_PASSWORD),
      ]]),
      "current_password",
      REQUIRED,
    ],
    [
      handWritten({ ...valid, password: SHORT_MARKUP, password_confirmation: SHORT_MARKUP }),
      "password",
      "Mindestens 12 Zeichen.",
    ],
    [
      handWritten({ ...valid, password_confirmation: `${NEW_PASSWORD} ${SCRIPT}` }),
      "password_confirmation",
      "Die beiden Passwörter stimmen nicht überein.",
    ],
  ];
  for (const [body, field, message] of cases) {
    const page = await postRaw(person.client, "/security/password", body);
    assert.is(page.status, 422, body.slice(0, 60));
    assert.is(fieldError(page.html, field), message, `${field}: ${body.slice(0, 60)}`);
    assertEscaped(page.html, "password change");
  }
  assert.is((await accountRow(db, person.accountId)).failed_attempts, 0, "no guess spent");
  await assertNothingWritten(db, before, "refused password change");

  // SQL or markup as the current password is a wrong guess like any other.
  for (const current of [SQL, SCRIPT]) {
    const page = await person.client.post("/security/password", { ...valid, current_password: current });
    assert.is(page.status, 422);
    assert.is(fieldError(page.html, "current_password"), "Das aktuelle Passwort ist falsch.");
    assertEscaped(page.html, "password change");
  }
  assert.is((await accountRow(db, person.accountId)).failed_attempts, 2);
  assert.is((await accountRow(db, person.accountId)).password_hash, password_hash, "the password stays");
  await assertNothingWritten(db, before, "wrong current passwords", 2);
});

change("hostile flows answer 404 and hostile codes an inline message, without using up an attempt", async () => {
  const { app, db, clock } = await createTestApp();
  const anna = await owner(app, db, clock);
  const bert = await owner(app, db, clock);
  const resetFlow = (await browser(app).post("/password/forgot", { email: anna.email })).location!.split("/").pop()!;
  const start = (person: typeof anna) =>
    person.client.post("/security/password", {
      current_password: GOOD_PASSWORD,
      password: NEW_PASSWORD,
      password_confirmation: NEW_PASSWORD,
    });
  const bertsFlow = (await start(bert)).location!.split("/").pop()!;
  const annasPath = (await start(anna)).location!;
  const annasFlow = annasPath.split("/").pop()!;
  const code = await latestCode(db, anna.email);
  const { password_hash } = await accountRow(db, anna.accountId);
  const before = await rowCounts(db);

  const flows = [
    bertsFlow,
    resetFlow,
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "'%20or%20'1'%3D'1",
    "%00",
    "%FF%FE",
    annasFlow.toUpperCase(),
    `${annasFlow}a`,
    `${annasFlow}%00`,
    "a".repeat(10_000),
  ];
  for (const flow of flows) {
    const shown = await anna.client.get(`/security/password/${flow}`);
    assert.is(shown.status, 404, `GET ${flow.slice(0, 40)}`);
    assertEscaped(shown.html, "404 page");
    const posted = await anna.client.post(`/security/password/${flow}`, { code });
    assert.is(posted.status, 404, `POST ${flow.slice(0, 40)}`);
  }

  const bodies: Array<[string, string]> = [
    [handWritten({ code: SQL }), EMAIL_CODE_REFUSED],
    [handWritten({ code: SCRIPT }), EMAIL_CODE_REFUSED],
    [handWritten({ code: `${code}' or '1'='1` }), EMAIL_CODE_REFUSED],
    [handWritten({ code: "1".repeat(ONE_MEGABYTE) }), EMAIL_CODE_REFUSED],
    [handWritten({ code: "１２３４５６７８" }), EMAIL_CODE_REFUSED],
    [handWritten({ code: "" }), EMAIL_CODE_REFUSED],
    [handWritten({}, [["code", `${code.slice(0, 4)}%00${code.slice(4)}`]]), EMAIL_CODE_REFUSED],
    [handWritten({}, [["code", `${code}%FF`]]), EMAIL_CODE_REFUSED],
    [handWritten({}, [["code", code], ["code", code]]), REQUIRED],
    [handWritten({}), REQUIRED],
  ];
  for (const [body, message] of bodies) {
    const page = await postRaw(anna.client, annasPath, body);
    assert.is(page.status, 422, body.slice(0, 60));
    assert.is(fieldError(page.html, "code"), message, body.slice(0, 60));
    assertEscaped(page.html, "code form");
  }
  const attempts = await db.selectFrom("email_verifications").select(["id", "attempts"])
    .where("id", "in", [annasFlow, bertsFlow]).orderBy("id").execute();
  assert.ok(attempts.every((flow) => flow.attempts === 0), "no attempt used up, not of hers, not of his");
  assert.is((await accountRow(db, anna.accountId)).password_hash, password_hash);
  await assertNothingWritten(db, before, "hostile flows and codes");

  const right = await anna.client.post(annasPath, { code });
  assert.is(right.location, "/sign-in?notice=passwordChanged", "the real code still works");
});

change.run();

// ---------------------------------------------------------------------------------------------
const reset = suite("hostile input to resetting a forgotten password");

reset("hostile addresses are refused beside the field; no code is sent", async () => {
  const { app, db } = await createTestApp();
  const client = browser(app);
  const before = await rowCounts(db);
  const cases: Array<[string, string]> = [
    [handWritten({ email: SQL }), INVALID_EMAIL],
    [handWritten({ email: `"><script>alert(1)</script>@praxis.example` }), INVALID_EMAIL],
    [handWritten({ email: `anna@praxis.example' or '1'='1` }), INVALID_EMAIL],
    [handWritten({}, [["email", "anna%00@praxis.example"]]), INVALID_CHARACTERS],
    [handWritten({}, [["email", "%C3%28anna@praxis.example"]]), INVALID_CHARACTERS],
    [handWritten({ email: "anna@praxis.example\r\nBcc: x@evil.example" }), INVALID_CHARACTERS],
    [handWritten({ email: `${"a".repeat(ONE_MEGABYTE)}@praxis.example` }), "Höchstens 254 Zeichen."],
    [handWritten({}), REQUIRED],
    [handWritten({ email: "   " }), REQUIRED],
    [
      handWritten({}, [["email", encodeURIComponent(uniqueEmail())], ["email", encodeURIComponent(uniqueEmail())]]),
      REQUIRED,
    ],
  ];
  for (const [body, message] of cases) {
    const page = await postRaw(client, "/password/forgot", body);
    assert.is(page.status, 422, body.slice(0, 60));
    assert.is(fieldError(page.html, "email"), message, body.slice(0, 60));
    assertEscaped(page.html, "forgotten-password form");
  }
  const markup = await client.post("/password/forgot", { email: `"><script>alert(1)</script>@praxis.example` });
  assert.ok(markup.html.includes(`value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@praxis.example"`));
  await assertNothingWritten(db, before, "hostile addresses");
});

reset("hostile reset links answer 404, hostile codes an inline message; no attempt is used up", async () => {
  const { app, db, clock } = await createTestApp();
  const person = await owner(app, db, clock);
  const { flowPath: registrationFlow } = await registerPractice(browser(app));
  const client = browser(app);
  const resetPath = (await client.post("/password/forgot", { email: person.email })).location!;
  const flowId = resetPath.split("/").pop()!;
  const code = await latestCode(db, person.email);
  const before = await rowCounts(db);

  const flows = [
    registrationFlow.split("/").pop()!,
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "'%20or%20'1'%3D'1",
    "%00",
    "%FF%FE",
    flowId.toUpperCase(),
    `${flowId}%00`,
    "a".repeat(10_000),
  ];
  for (const flow of flows) {
    assert.is((await client.get(`/password/reset/${flow}`)).status, 404, `GET ${flow.slice(0, 40)}`);
    assert.is((await client.post(`/password/reset/${flow}`, { code })).status, 404, `POST ${flow.slice(0, 40)}`);
  }
  const bodies: Array<[string, string]> = [
    [handWritten({ code: SQL }), EMAIL_CODE_REFUSED],
    [handWritten({ code: SCRIPT }), EMAIL_CODE_REFUSED],
    [handWritten({ code: "1".repeat(ONE_MEGABYTE) }), EMAIL_CODE_REFUSED],
    [handWritten({}, [["code", `${code}%00`]]), EMAIL_CODE_REFUSED],
    [handWritten({}, [["code", `%FF${code}`]]), EMAIL_CODE_REFUSED],
    [handWritten({}, [["code", code], ["code", code]]), REQUIRED],
    [handWritten({}), REQUIRED],
  ];
  for (const [body, message] of bodies) {
    const page = await postRaw(client, resetPath, body);
    assert.is(page.status, 422, body.slice(0, 60));
    assert.is(fieldError(page.html, "code"), message, body.slice(0, 60));
    assertEscaped(page.html, "reset code form");
  }
  assert.is(client.sessionToken(), undefined, "no session");
  const flow = await db.selectFrom("email_verifications").select("attempts").where("id", "=", flowId)
    .executeTakeFirstOrThrow();
  assert.is(flow.attempts, 0, "no attempt used up");
  await assertNothingWritten(db, before, "hostile reset links and codes");

  assert.is((await client.post(resetPath, { code })).location, "/sign-in/second-factor", "the real code works");
});

reset("hostile new passwords are refused beside the field; the password stays", async () => {
  const { app, db, clock } = await createTestApp();
  const person = await owner(app, db, clock);
  const client = browser(app);
  const resetPath = (await client.post("/password/forgot", { email: person.email })).location!;
  assert.is(
    (await client.post(resetPath, { code: await latestCode(db, person.email) })).location,
    "/sign-in/second-factor",
  );
  const confirmed = await client.post("/sign-in/second-factor", { code: nextTotpCode(clock, person.totpSecret) });
  assert.is(confirmed.location, "/password/new");
  const { password_hash } = await accountRow(db, person.accountId);
  const before = await rowCounts(db);

  const valid = { password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD };
  const cases: Array<[string, string, string]> = [
    [handWritten(valid, [["password", "Abends+Tee%00+morgens+Kaffee"]]), "password", INVALID_CHARACTERS],
    [handWritten(valid, [["password", "Abends+Tee+morgens+Kaffee%FF"]]), "password", INVALID_CHARACTERS],
    [handWritten({ ...valid, password: "x".repeat(ONE_MEGABYTE) }), "password", TOO_LONG_256],
    [handWritten({ ...valid, password_confirmation: "x".repeat(ONE_MEGABYTE) }), "password_confirmation", TOO_LONG_256],
    [handWritten({}), "password", REQUIRED],
    [handWritten({}), "password_confirmation", REQUIRED],
    [
      handWritten(valid, [["password", encodeURIComponent(NEW_PASSWORD)], [
        "password",
        encodeURIComponent(NEW_PASSWORD),
      ]]),
      "password",
      REQUIRED,
    ],
    [
      handWritten({ password: SHORT_MARKUP, password_confirmation: SHORT_MARKUP }),
      "password",
      "Mindestens 12 Zeichen.",
    ],
    [
      handWritten({ ...valid, password_confirmation: SQL }),
      "password_confirmation",
      "Die beiden Passwörter stimmen nicht überein.",
    ],
    [
      handWritten({ password: GOOD_PASSWORD, password_confirmation: GOOD_PASSWORD }),
      "password",
      "Dieses Passwort haben Sie vor Kurzem verwendet. Bitte wählen Sie ein anderes.",
    ],
  ];
  for (const [body, field, message] of cases) {
    const page = await postRaw(client, "/password/new", body);
    assert.is(page.status, 422, body.slice(0, 60));
    assert.is(fieldError(page.html, field), message, `${field}: ${body.slice(0, 60)}`);
    assertEscaped(page.html, "new password form");
  }
  // Only the reset session may set a password this way.
  assert.is((await person.client.post("/password/new", valid)).location, "/sign-in");
  assert.is((await browser(app).post("/password/new", valid)).location, "/sign-in");
  assert.is((await accountRow(db, person.accountId)).password_hash, password_hash, "the password stays");
  await assertNothingWritten(db, before, "hostile new passwords");

  assert.is((await client.post("/password/new", valid)).location, "/sign-in?notice=passwordChanged");
});

reset.run();

// ---------------------------------------------------------------------------------------------
const webauthn = suite("hostile JSON to the security-key endpoints");

/** A client's data as a browser would encode it, saying whatever the test wants it to say. */
function clientData(type: "webauthn.create" | "webauthn.get", challenge: unknown): string {
  const json = JSON.stringify({ type, challenge, origin: TEST_BASE_URL, crossOrigin: false });
  return encodeBase64urlNoPadding(new TextEncoder().encode(json));
}

webauthn("bad JSON, wrong shapes and hostile strings at adding a key are refused; no key is stored", async () => {
  const { app, db, clock } = await createTestApp();
  const person = await owner(app, db, clock);
  // The options endpoint reads no body: a hostile one changes nothing about the answer.
  const options = await postJson(person.client, "/security/webauthn/registration-options", "x".repeat(ONE_MEGABYTE));
  assert.is(options.status, 200);
  assert.ok(options.body.challenge);
  const key = await SoftwareAuthenticator.create(TEST_BASE_URL);
  const good = await key.register(options.body);
  const withResponse = (response: Record<string, unknown>) => ({
    name: "YubiKey 5",
    response: { ...good, ...response },
  });
  const withParts = (parts: Record<string, unknown>) => withResponse({ response: { ...good.response, ...parts } });
  const before = await rowCounts(db);

  const FAILED = { error: "webauthn.error.failed" };
  const EXPIRED = { error: "webauthn.error.expired" };
  const cases: Array<[unknown, number, object]> = [
    ["{not json", 400, FAILED],
    ["", 400, FAILED],
    ["[]", 400, FAILED],
    ["null", 400, FAILED],
    ['"YubiKey"', 400, FAILED],
    ["[".repeat(50_000) + "]".repeat(50_000), 400, FAILED],
    [{ name: "YubiKey 5" }, 400, FAILED],
    ['{"name":"YubiKey 5","response":{"__proto__":{"type":"public-key"}}}', 400, FAILED],
    [withResponse({ id: SQL }), 400, FAILED],
    [withResponse({ rawId: SCRIPT }), 400, FAILED],
    [withResponse({ type: SCRIPT }), 400, FAILED],
    [withResponse({ clientExtensionResults: SQL }), 400, FAILED],
    [withResponse({ authenticatorAttachment: "\u0000" }), 400, FAILED],
    [withParts({ clientDataJSON: 12345 }), 400, FAILED],
    [withParts({ attestationObject: "A".repeat(ONE_MEGABYTE) }), 400, FAILED],
    [withParts({ transports: Array(1000).fill("usb") }), 400, FAILED],
    [{ ...withParts({}), name: "x".repeat(ONE_MEGABYTE) }, 422, { error: "form.tooLong", field: "name" }],
    [{ ...withParts({}), name: "Yubi\u0000Key" }, 422, { error: "form.invalidCharacters", field: "name" }],
    [{ ...withParts({}), name: "Yubi\r\nKey" }, 422, { error: "form.invalidCharacters", field: "name" }],
    [{ ...withParts({}), name: 42 }, 422, { error: "form.required", field: "name" }],
    [{ response: good }, 422, { error: "form.required", field: "name" }],
    // Well-formed, but what the browser says it signed cannot be ours.
    [withParts({ clientDataJSON: encodeBase64urlNoPadding(new TextEncoder().encode("not json")) }), 422, EXPIRED],
    [withParts({ clientDataJSON: clientData("webauthn.create", 42) }), 422, EXPIRED],
    [withParts({ clientDataJSON: clientData("webauthn.create", SQL) }), 422, EXPIRED],
    [withParts({ clientDataJSON: clientData("webauthn.create", "\u0000") }), 422, EXPIRED],
    [withParts({ clientDataJSON: clientData("webauthn.create", `${options.body.challenge}\u0000`) }), 422, EXPIRED],
    [withParts({ clientDataJSON: clientData("webauthn.create", "\ud800") }), 422, EXPIRED],
  ];
  for (const [body, status, answer] of cases) {
    const what = (typeof body === "string" ? body : JSON.stringify(body)).slice(0, 80);
    const refused = await postJson(person.client, "/security/webauthn/registration", body);
    assert.is(refused.status, status, what);
    assert.equal(refused.body, answer, what);
  }
  const tooLarge = await postJson(
    person.client,
    "/security/webauthn/registration",
    withParts({
      attestationObject: "A".repeat(3 * ONE_MEGABYTE),
    }),
  );
  assert.is(tooLarge.status, 413);
  const withoutToken = await person.client.send("/security/webauthn/registration", {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: TEST_BASE_URL },
    body: JSON.stringify(withParts({})),
  });
  assert.is(withoutToken.status, 403);
  await assertNothingWritten(db, before, "hostile key registrations");

  // The challenge was never used up: the key's own answer still adds it, its name kept as typed.
  const added = await postJson(person.client, "/security/webauthn/registration", { name: IMG, response: good });
  assert.equal(added, { status: 200, body: { redirect: "/security?notice=factorAdded" } });
  const page = await person.client.get("/security");
  assert.ok(page.html.includes("&lt;img src=x onerror=alert(1)&gt;"));
  assertEscaped(page.html, "security page");
});

webauthn(
  "bad JSON and hostile answers at signing in with a key count as failed guesses and sign nobody in",
  async () => {
    const { app, db, clock } = await createTestApp();
    const registered = await registerVerifiedPractice(browser(app), db);
    const account = await db.selectFrom("accounts").select("id").where("email", "=", registered.email)
      .executeTakeFirstOrThrow();
    const first = await waitingForSecondFactor(app, registered.email);
    const key = await SoftwareAuthenticator.create(TEST_BASE_URL);
    const registration = await postJson(first, "/security/webauthn/registration-options", {});
    const added = await postJson(first, "/security/webauthn/registration", {
      name: "YubiKey 5",
      response: await key.register(registration.body),
    });
    assert.is(added.status, 200);

    const signedOut = browser(app);
    assert.is((await postJson(signedOut, "/sign-in/webauthn", "{not json")).status, 401, "no session, no guess");
    const client = await waitingForSecondFactor(app, registered.email);
    const options = await postJson(client, "/sign-in/webauthn/options", SQL);
    assert.is(options.status, 200, "the options endpoint reads no body");
    const good = await key.authenticate(options.body);
    const withParts = (parts: Record<string, unknown>) => ({
      response: { ...good, response: { ...good.response, ...parts } },
    });
    const before = await rowCounts(db);

    const FAILED = { error: "webauthn.error.failed" };
    const cases: Array<[unknown, number, object]> = [
      ["{not json", 400, FAILED],
      [{ response: { ...good, id: SCRIPT } }, 400, FAILED],
      [withParts({ signature: "A".repeat(ONE_MEGABYTE) }), 400, FAILED],
      [withParts({ clientDataJSON: clientData("webauthn.get", `${options.body.challenge}\u0000`) }), 400, FAILED],
    ];
    for (const [body, status, answer] of cases) {
      const what = (typeof body === "string" ? body : JSON.stringify(body)).slice(0, 80);
      assert.equal(await postJson(client, "/sign-in/webauthn", body), { status, body: answer }, what);
    }
    assert.equal(await failureReasons(db, account.id), ["malformed", "malformed", "malformed", "malformed"]);
    assert.is((await client.get("/")).status, 303, "nobody signed in");
    await assertNothingWritten(db, before, "hostile key answers", cases.length);

    const fifth = await postJson(client, "/sign-in/webauthn", "[]");
    assert.equal(fifth, {
      status: 429,
      body: { error: "webauthn.error.lockedOut", redirect: "/sign-in?notice=lockedOut" },
    });
    assert.is((await rowCounts(db)).sessions, before.sessions - 1, "the waiting session ended");

    clock.advance(15 * 60_000);
    const later = await waitingForSecondFactor(app, registered.email);
    const fresh = await postJson(later, "/sign-in/webauthn/options", {});
    const signedIn = await postJson(later, "/sign-in/webauthn", {
      response: await key.authenticate(fresh.body),
      return_to: `javascript:alert(1)//${SCRIPT}`,
    });
    assert.equal(signedIn, { status: 200, body: { redirect: "/" } }, "the key works again, never off-site");
  },
);

webauthn.run();

// ---------------------------------------------------------------------------------------------
const bodies = suite("bodies that are not forms, on every new form");

bodies("a broken multipart body is a 400, JSON without the token a 403, JSON with it an empty form", async () => {
  const { app, db, clock } = await createTestApp();
  const person = await owner(app, db, clock);
  const [factor] = await db.selectFrom("second_factors").select("id").where("account_id", "=", person.accountId)
    .execute();
  const setupPath = `/security/totp/${(await person.client.get("/security/totp/new")).html.match(UUID_IN_FORM)![1]}`;
  const changePath = (await person.client.post("/security/password", {
    current_password: GOOD_PASSWORD,
    password: NEW_PASSWORD,
    password_confirmation: NEW_PASSWORD,
  })).location!;
  const resetPath = (await browser(app).post("/password/forgot", { email: "niemand@praxis.example" })).location!;
  const before = await rowCounts(db);

  // The forms that read their fields, and the field each one must name when it reads nothing.
  const reading: Array<[string, string]> = [
    ["/step-up", "code"],
    [setupPath, "name"],
    ["/security/yubikey", "otp"],
    ["/security/policy", "password_max_age_days"],
    ["/security/password", "current_password"],
    [changePath, "code"],
    ["/password/forgot", "email"],
    [resetPath, "code"],
  ];
  const forms = [
    ...reading.map(([path]) => path),
    "/sign-in/second-factor",
    "/security/recovery-codes",
    `/security/factors/${factor.id}/remove`,
    `/security/factors/${factor.id}/lost`,
    `/security/sessions/${crypto.randomUUID()}/end`,
    "/password/new",
  ];
  const jsonEndpoints = [
    "/security/webauthn/registration-options",
    "/security/webauthn/registration",
    "/sign-in/webauthn/options",
    "/sign-in/webauthn",
  ];
  const broken: Array<[string, string]> = [
    ["multipart/form-data", "no boundary at all"],
    [
      "multipart/form-data; boundary=kartei",
      `--other\r\nContent-Disposition: form-data; name="x"\r\n\r\ny\r\n--other--`,
    ],
  ];
  for (const path of forms) {
    for (const [type, body] of broken) {
      // Without the token header, the CSRF check must read the body and cannot.
      const page = await person.client.send(path, {
        method: "POST",
        headers: { "Content-Type": type, Origin: TEST_BASE_URL },
        body,
      });
      assert.is(page.status, 400, `${path} ${body.slice(0, 20)}`);
      assert.ok(page.html.includes("Ungültige Anfrage"));
    }
  }
  for (const path of [...forms, ...jsonEndpoints]) {
    const page = await person.client.send(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: TEST_BASE_URL },
      body: JSON.stringify({ _csrf: person.client.csrfToken(), code: "123456", email: person.email }),
    });
    assert.is(page.status, 403, `JSON without the token header: ${path}`);
  }
  for (const [path, field] of reading) {
    for (const [type, body] of broken) {
      // With the token in the header (as htmx sends it), the form handler reads the body itself.
      const page = await person.client.send(path, {
        method: "POST",
        headers: { "Content-Type": type, Origin: TEST_BASE_URL, "X-CSRF-Token": person.client.csrfToken()! },
        body,
      });
      assert.is(page.status, 400, `${path} with header: ${body.slice(0, 20)}`);
    }
    const json = await person.client.send(path, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Origin: TEST_BASE_URL,
        "X-CSRF-Token": person.client.csrfToken()!,
      },
      body: JSON.stringify({ code: "123456", name: "x", otp: "x", password_max_age_days: "1", email: person.email }),
    });
    assert.is(json.status, 422, `JSON is not read as a form: ${path}`);
    assert.is(fieldError(json.html, field), REQUIRED, `${path}: ${field}`);
  }
  await assertNothingWritten(db, before, "bodies that are not forms");
  assert.is((await person.client.get("/")).status, 200, "still signed in");
});

bodies.run();
