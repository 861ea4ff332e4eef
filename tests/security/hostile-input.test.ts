// Hostile input to every form: markup, SQL, invalid UTF-8, NUL bytes, 1 MB values, repeated and
// missing fields, and bodies that are not urlencoded forms. Each answer is a 4xx with a message
// beside the field where the form comes back, never a 500, and writes nothing.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { createTestApp, TEST_BASE_URL, uniqueEmail } from "../support/test-app.ts";
import { fieldError, type Page, TestClient } from "../support/http-client.ts";
import {
  GOOD_PASSWORD,
  latestCode,
  registerPractice,
  registerVerifiedPractice,
  signedInOwner,
} from "../support/practice-fixtures.ts";

const INVALID_CHARACTERS = "Enthält Zeichen, die hier nicht erlaubt sind.";
const REQUIRED = "Bitte ausfüllen.";
const WRONG_CODE = "Der Code ist falsch oder abgelaufen.";
const SIGN_IN_FAILED = "E-Mail-Adresse oder Passwort ist falsch.";
const ONE_MEGABYTE = 1024 * 1024;
const SQL = "'; drop table accounts; --";
const SCRIPT = "<script>alert(1)</script>";

const TABLES = [
  "practices",
  "accounts",
  "memberships",
  "email_verifications",
  "sessions",
  "outgoing_mails",
  "audit_events",
  "second_factors",
  "recovery_codes",
] as const;

/** The sign-in suite's failures come from its own address, so other suites' failures never stop it. */
const SIGN_IN_ADDRESS = "10.66.0.1";

/** How many rows each table holds: a refused form must leave every number as it was. */
async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    counts[table] = Number(rows[0].n);
  }
  return counts;
}

async function assertNothingWritten(db: Db, before: Record<string, number>, what: string) {
  assert.equal(await rowCounts(db), before, `${what}: nothing written`);
}

function validRegistration(email = uniqueEmail("hostile")): Record<string, string> {
  return {
    practice_name: "Praxis am Markt",
    owner_name: "Maria Beispiel",
    email,
    password: GOOD_PASSWORD,
    password_confirmation: GOOD_PASSWORD,
    accept_terms: "yes",
  };
}

/**
 * An urlencoded body written by hand, as a script would send it: `fields` are encoded properly,
 * `raw` values go in exactly as given (e.g. "%FF" or "%00").
 */
function handWritten(fields: Record<string, string>, raw: Array<[string, string]> = []): string {
  const rawNames = new Set(raw.map(([name]) => name));
  return [
    ...Object.entries(fields).filter(([name]) => !rawNames.has(name))
      .map(([name, value]) => `${name}=${encodeURIComponent(value)}`),
    ...raw.map(([name, value]) => `${name}=${value}`),
  ].join("&");
}

/** Posts a hand-written body with the right CSRF token and our Origin. */
async function postRaw(
  client: TestClient,
  path: string,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): Promise<Page> {
  if (!client.csrfToken()) await client.get("/sign-in");
  const token = new TextEncoder().encode(`_csrf=${client.csrfToken()}&`);
  const rest = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const payload = new Uint8Array(token.length + rest.length);
  payload.set(token);
  payload.set(rest, token.length);
  return await client.send(path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: TEST_BASE_URL, ...headers },
    body: payload,
  });
}

function assertEscaped(html: string, what: string) {
  assert.not.ok(/<script>alert|<img src=x/i.test(html), `${what}: markup must not come back live`);
}

async function accountByEmail(db: Db, email: string) {
  return await db.selectFrom("accounts").select(["id", "name", "status", "language"])
    .where("email", "=", email).executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
const registration = suite("hostile input to the registration form");

registration("markup in the fields comes back escaped and registers nothing", async () => {
  const { app, db } = await createTestApp();
  const client = new TestClient(app);
  const before = await rowCounts(db);

  const page = await client.post("/register", {
    ...validRegistration(),
    practice_name: `<script>alert("praxis")</script>`,
    owner_name: `<img src=x onerror=alert(1)>`,
    email: `"><script>alert(1)</script>@praxis.example`,
  });

  assert.is(page.status, 422);
  assert.is(fieldError(page.html, "email"), "Bitte eine gültige E-Mail-Adresse angeben.");
  assert.ok(page.html.includes("&lt;script&gt;alert(&quot;praxis&quot;)&lt;/script&gt;"), "practice name escaped");
  assert.ok(page.html.includes("&lt;img src=x onerror=alert(1)&gt;"), "owner name escaped");
  assert.ok(page.html.includes("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@praxis.example"), "email escaped");
  assertEscaped(page.html, "registration form");
  await assertNothingWritten(db, before, "markup registration");
});

registration("markup and SQL in names are stored as typed and shown escaped after sign-in", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const practiceName = `<script>alert("praxis")</script> & Partner`;
  const ownerName = `Robert'); drop table accounts; --`;
  const { email } = await signedInOwner(client, db, clock, {
    practice_name: practiceName,
    owner_name: ownerName,
  });

  const account = await accountByEmail(db, email);
  assert.is(account?.name, ownerName, "the name is data, not SQL");
  const practice = await db.selectFrom("practices").innerJoin("memberships", "memberships.practice_id", "practices.id")
    .select("practices.name").where("memberships.account_id", "=", account!.id).executeTakeFirstOrThrow();
  assert.is(practice.name, practiceName);

  const home = await client.get("/");
  assert.is(home.status, 200);
  assert.ok(home.html.includes("&lt;script&gt;alert(&quot;praxis&quot;)&lt;/script&gt; &amp; Partner"));
  assert.ok(home.html.includes("Robert&#39;); drop table accounts; --"));
  assertEscaped(home.html, "home page");
});

registration("invalid UTF-8 and NUL bytes are refused beside the field", async () => {
  const { app, db } = await createTestApp();
  const client = new TestClient(app);
  const before = await rowCounts(db);

  const email = uniqueEmail("utf8");
  const broken = await postRaw(
    client,
    "/register",
    handWritten(validRegistration(email), [["practice_name", "Praxis%C3%28Markt"], ["owner_name", "%FFMaria"]]),
  );
  assert.is(broken.status, 422);
  assert.is(fieldError(broken.html, "practice_name"), INVALID_CHARACTERS);
  assert.is(fieldError(broken.html, "owner_name"), INVALID_CHARACTERS);
  assert.is(await accountByEmail(db, email), undefined);

  const nul = await postRaw(
    client,
    "/register",
    handWritten(validRegistration(), [["practice_name", "Praxis%00Markt"], ["email", "anna%00@praxis.example"]]),
  );
  assert.is(nul.status, 422);
  assert.is(fieldError(nul.html, "practice_name"), INVALID_CHARACTERS);
  assert.is(fieldError(nul.html, "email"), INVALID_CHARACTERS);

  // Raw bytes, not percent-encoded: 0xFF can never start a UTF-8 sequence.
  const rawEmail = uniqueEmail("rawbyte");
  const rawBody = new Uint8Array([
    ...new TextEncoder().encode(handWritten(validRegistration(rawEmail), [["owner_name", ""]])),
    ...new TextEncoder().encode("Maria"),
    0xff,
    0xfe,
  ]);
  const rawBytes = await postRaw(client, "/register", rawBody);
  assert.is(rawBytes.status, 422);
  assert.is(fieldError(rawBytes.html, "owner_name"), INVALID_CHARACTERS);
  assert.is(await accountByEmail(db, rawEmail), undefined);

  const nulPassword = await postRaw(
    client,
    "/register",
    handWritten(validRegistration(), [["password", "Morgens%00Kaffee%2C+abends+Tee+7"]]),
  );
  assert.is(nulPassword.status, 422);
  assert.is(fieldError(nulPassword.html, "password"), INVALID_CHARACTERS);
  await assertNothingWritten(db, before, "bytes that are not text");
});

registration("a 1 MB value gets a message beside its field, a body over the limit a 413", async () => {
  const { app, db } = await createTestApp();
  const client = new TestClient(app);
  const before = await rowCounts(db);
  const huge = "x".repeat(ONE_MEGABYTE);
  const limits: Array<[string, string]> = [
    ["practice_name", "Höchstens 200 Zeichen."],
    ["owner_name", "Höchstens 200 Zeichen."],
    ["email", "Höchstens 254 Zeichen."],
    ["password", "Höchstens 256 Zeichen."],
    ["password_confirmation", "Höchstens 256 Zeichen."],
  ];
  for (const [field, message] of limits) {
    const page = await client.post("/register", { ...validRegistration(), [field]: huge });
    assert.is(page.status, 422, field);
    assert.is(fieldError(page.html, field), message, field);
  }

  const tooLarge = await client.post("/register", { ...validRegistration(), practice_name: huge.repeat(3) });
  assert.is(tooLarge.status, 413);
  assert.ok(tooLarge.html.includes("Eingabe zu groß"));
  await assertNothingWritten(db, before, "oversized values");
});

registration("missing, repeated and forged fields count as not filled in", async () => {
  const { app, db } = await createTestApp();
  const client = new TestClient(app);
  const before = await rowCounts(db);

  const empty = await client.post("/register", {});
  assert.is(empty.status, 422);
  for (const field of ["practice_name", "owner_name", "email", "password", "password_confirmation"]) {
    assert.is(fieldError(empty.html, field), REQUIRED, field);
  }
  assert.ok(fieldError(empty.html, "accept_terms").includes("Nutzungsbedingungen"));

  // Two valid addresses: which one would be meant? Neither.
  const first = uniqueEmail("twice");
  const second = uniqueEmail("twice");
  const repeated = await postRaw(
    client,
    "/register",
    handWritten(validRegistration(first), [["email", encodeURIComponent(first)], [
      "email",
      encodeURIComponent(second),
    ]]),
  );
  assert.is(repeated.status, 422);
  assert.is(fieldError(repeated.html, "email"), REQUIRED);

  const forgedTerms = await client.post("/register", { ...validRegistration(), accept_terms: SCRIPT });
  assert.is(forgedTerms.status, 422);
  assert.ok(fieldError(forgedTerms.html, "accept_terms").includes("Nutzungsbedingungen"));

  const whitespace = await client.post("/register", { ...validRegistration(), practice_name: " \t ", email: "   " });
  assert.is(whitespace.status, 422);
  assert.is(fieldError(whitespace.html, "practice_name"), REQUIRED);
  assert.is(fieldError(whitespace.html, "email"), REQUIRED);

  const lineBreak = await client.post("/register", {
    ...validRegistration(),
    owner_name: "Maria\r\nBcc: x@evil.example",
  });
  assert.is(lineBreak.status, 422);
  assert.is(fieldError(lineBreak.html, "owner_name"), INVALID_CHARACTERS);
  await assertNothingWritten(db, before, "missing and repeated fields");
});

registration("a file or a JSON body in place of the form registers nothing", async () => {
  const { app, db } = await createTestApp();
  const client = new TestClient(app);
  await client.get("/register");
  const before = await rowCounts(db);

  const email = uniqueEmail("file");
  const multipart = new FormData();
  for (const [name, value] of Object.entries({ _csrf: client.csrfToken()!, ...validRegistration(email) })) {
    multipart.set(name, value);
  }
  multipart.set("email", new File([email], "email.txt", { type: "text/plain" }));
  const withFile = await client.send("/register", {
    method: "POST",
    headers: { Origin: TEST_BASE_URL },
    body: multipart,
  });
  assert.is(withFile.status, 422);
  assert.is(fieldError(withFile.html, "email"), REQUIRED);

  const json = await client.send("/register", {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: TEST_BASE_URL, "X-CSRF-Token": client.csrfToken()! },
    body: JSON.stringify(validRegistration(email)),
  });
  assert.is(json.status, 422, "JSON is not read as a form");
  assert.is(fieldError(json.html, "email"), REQUIRED);
  assert.is(await accountByEmail(db, email), undefined);
  await assertNothingWritten(db, before, "file and JSON");
});

registration.run();

// ---------------------------------------------------------------------------------------------
const signIn = suite("hostile input to the sign-in form");

signIn("SQL in the email or password is a failed sign-in like any other", async () => {
  const { app, db } = await createTestApp();
  const client = new TestClient(app, TEST_BASE_URL, SIGN_IN_ADDRESS);
  const { email, password } = await registerVerifiedPractice(client, db);
  const before = await rowCounts(db);

  const attempts: Array<[string, string]> = [
    ["' or '1'='1' --", password],
    [`${email}' --`, "anything"],
    [email, "' or '1'='1"],
    [SQL, SQL],
  ];
  for (const [typedEmail, typedPassword] of attempts) {
    const page = await client.post("/sign-in", { email: typedEmail, password: typedPassword });
    assert.is(page.status, 401, typedEmail);
    assert.ok(page.html.includes(SIGN_IN_FAILED));
    assert.is(client.sessionToken(), undefined, "no session");
  }

  const after = await rowCounts(db);
  assert.is(after.sessions, before.sessions, "no session written");
  assert.is(after.accounts, before.accounts, "accounts untouched");
  assert.is(after.audit_events, before.audit_events + attempts.length, "each failure is audited, nothing else");
  const failures = await db.selectFrom("audit_events").select("details").where("action", "=", "sign_in.failed")
    .execute();
  assert.not.ok(JSON.stringify(failures).includes("' or"), "typed values are not stored in the audit log");
});

signIn("markup in the email comes back escaped", async () => {
  const { app } = await createTestApp();
  const page = await new TestClient(app, TEST_BASE_URL, SIGN_IN_ADDRESS).post("/sign-in", {
    email: `"><script>alert(1)</script>`,
    password: "x",
  });
  assert.is(page.status, 401);
  assert.ok(page.html.includes(`value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"`));
  assertEscaped(page.html, "sign-in form");
});

signIn("a NUL byte or invalid UTF-8 is refused beside the field, not a server error", async () => {
  const { app, db } = await createTestApp();
  const client = new TestClient(app, TEST_BASE_URL, SIGN_IN_ADDRESS);
  const { email, password } = await registerVerifiedPractice(client, db);
  const before = await rowCounts(db);

  const nulEmail = await postRaw(client, "/sign-in", handWritten({ password }, [["email", "anna%00@praxis.example"]]));
  assert.is(nulEmail.status, 422);
  assert.is(fieldError(nulEmail.html, "email"), INVALID_CHARACTERS);

  const brokenEmail = await postRaw(
    client,
    "/sign-in",
    handWritten({ password }, [["email", "%C3%28@praxis.example"]]),
  );
  assert.is(brokenEmail.status, 422);
  assert.is(fieldError(brokenEmail.html, "email"), INVALID_CHARACTERS);

  const nulPassword = await postRaw(client, "/sign-in", handWritten({ email }, [["password", "Morgens%00Kaffee"]]));
  assert.is(nulPassword.status, 422);
  assert.is(fieldError(nulPassword.html, "password"), INVALID_CHARACTERS);

  const rawBytes = await postRaw(
    client,
    "/sign-in",
    new Uint8Array([...new TextEncoder().encode(`email=${encodeURIComponent(email)}&password=`), 0xff, 0xc3, 0x28]),
  );
  assert.is(rawBytes.status, 422);
  assert.is(fieldError(rawBytes.html, "password"), INVALID_CHARACTERS);

  assert.is(client.sessionToken(), undefined);
  await assertNothingWritten(db, before, "sign-in with bytes that are not text");
});

signIn("a 1 MB email or password is refused beside the field", async () => {
  const { app, db } = await createTestApp();
  const client = new TestClient(app, TEST_BASE_URL, SIGN_IN_ADDRESS);
  const before = await rowCounts(db);
  const huge = "a".repeat(ONE_MEGABYTE);

  const longEmail = await client.post("/sign-in", { email: huge, password: GOOD_PASSWORD });
  assert.is(longEmail.status, 422);
  assert.is(fieldError(longEmail.html, "email"), "Höchstens 254 Zeichen.");
  const longPassword = await client.post("/sign-in", { email: uniqueEmail(), password: huge });
  assert.is(longPassword.status, 422);
  assert.is(fieldError(longPassword.html, "password"), "Höchstens 256 Zeichen.");
  await assertNothingWritten(db, before, "oversized sign-in");
});

signIn("a repeated, missing or file password never signs in, even when the copies are right", async () => {
  const { app, db } = await createTestApp();
  const client = new TestClient(app, TEST_BASE_URL, SIGN_IN_ADDRESS);
  const { email, password } = await registerVerifiedPractice(client, db);
  const before = await rowCounts(db);

  const repeated = await postRaw(
    client,
    "/sign-in",
    handWritten({ email }, [["password", encodeURIComponent(password)], ["password", encodeURIComponent(password)]]),
  );
  assert.is(repeated.status, 422);
  assert.is(fieldError(repeated.html, "password"), REQUIRED);

  const missing = await client.post("/sign-in", { email });
  assert.is(missing.status, 422);
  assert.is(fieldError(missing.html, "password"), REQUIRED);

  const multipart = new FormData();
  multipart.set("_csrf", client.csrfToken()!);
  multipart.set("email", email);
  multipart.set("password", new File([password], "password.txt"));
  const file = await client.send("/sign-in", { method: "POST", headers: { Origin: TEST_BASE_URL }, body: multipart });
  assert.is(file.status, 422);
  assert.is(fieldError(file.html, "password"), REQUIRED);

  const json = await client.send("/sign-in", {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: TEST_BASE_URL, "X-CSRF-Token": client.csrfToken()! },
    body: JSON.stringify({ email, password }),
  });
  assert.is(json.status, 422, "JSON is not read as a form");

  assert.is(client.sessionToken(), undefined);
  await assertNothingWritten(db, before, "repeated and missing password");

  // The same multipart form with the password as text does sign in: the refusals above are not
  // a refusal of multipart as such.
  multipart.set("password", password);
  const text = await client.send("/sign-in", { method: "POST", headers: { Origin: TEST_BASE_URL }, body: multipart });
  assert.is(text.status, 303);
  assert.is(text.location, "/sign-in/second-factor", "the password step passed");
  assert.ok(client.sessionToken());
});

signIn.run();

// ---------------------------------------------------------------------------------------------
const verification = suite("hostile input to the verification form");

verification("hostile codes are refused beside the field without using up an attempt", async () => {
  const { app, db } = await createTestApp();
  const client = new TestClient(app);
  const { email, flowPath } = await registerPractice(client);
  const code = await latestCode(db, email);
  const flowId = flowPath.split("/").pop()!;
  const before = await rowCounts(db);

  const typed: Array<[string, string]> = [
    [SQL, WRONG_CODE],
    [SCRIPT, WRONG_CODE],
    [`${code}' or '1'='1`, WRONG_CODE],
    ["1".repeat(ONE_MEGABYTE), WRONG_CODE],
    ["", WRONG_CODE],
  ];
  for (const [value, message] of typed) {
    const page = await client.post(flowPath, { code: value });
    assert.is(page.status, 422, value.slice(0, 40));
    assert.is(fieldError(page.html, "code"), message, value.slice(0, 40));
    assertEscaped(page.html, "verification form");
  }
  const raw: Array<[string, string]> = [
    [handWritten({}, [["code", `${code.slice(0, 4)}%00${code.slice(4)}`]]), WRONG_CODE],
    [handWritten({}, [["code", `${code}%FF`]]), WRONG_CODE],
    [handWritten({}, [["code", `%C3%28${code}`]]), WRONG_CODE],
    [handWritten({}, [["code", code], ["code", code]]), REQUIRED],
    [handWritten({}), REQUIRED],
  ];
  for (const [body, message] of raw) {
    const page = await postRaw(client, flowPath, body);
    assert.is(page.status, 422, body);
    assert.is(fieldError(page.html, "code"), message, body);
  }

  await assertNothingWritten(db, before, "hostile codes");
  const flow = await db.selectFrom("email_verifications").select(["attempts", "consumed_at"])
    .where("id", "=", flowId).executeTakeFirstOrThrow();
  assert.is(flow.attempts, 0, "no attempt used up");
  assert.is((await accountByEmail(db, email))?.status, "unverified");

  const right = await client.post(flowPath, { code });
  assert.is(right.status, 303, "the real code still works afterwards");
});

verification("hostile verification links answer 404", async () => {
  const { app } = await createTestApp();
  const client = new TestClient(app);
  const flows = [
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "'%20or%20'1'%3D'1",
    "%00",
    "%FF%FE",
    "AAAAAAAAAAAAAAAAAAAAAAAAAA",
    "a".repeat(10_000),
  ];
  for (const flow of flows) {
    const shown = await client.get(`/verify/${flow}`);
    assert.is(shown.status, 404, `GET ${flow.slice(0, 40)}`);
    assertEscaped(shown.html, "404 page");
    const posted = await client.post(`/verify/${flow}`, { code: "12345678" });
    assert.is(posted.status, 404, `POST ${flow.slice(0, 40)}`);
  }
});

verification.run();

// ---------------------------------------------------------------------------------------------
const passwordCheck = suite("hostile input to the inline password check");

passwordCheck("every hostile password gets an inline verdict, never a server error", async () => {
  const { app, db } = await createTestApp();
  const client = new TestClient(app);
  const before = await rowCounts(db);
  // The check is an htmx fragment: it always answers 200 with the verdict to swap in.
  const verdict = async (body: string) => {
    const page = await postRaw(client, "/register/password-check", body, { "HX-Request": "true" });
    assert.is(page.status, 200, body.slice(0, 60));
    assert.not.ok(page.html.includes("<html"), "a fragment, not a page");
    return fieldError(page.html, "password");
  };

  assert.is(await verdict(handWritten({}, [["password", "Morgens%00Kaffee%2C+abends+Tee+7"]])), INVALID_CHARACTERS);
  assert.is(await verdict(handWritten({}, [["password", "Morgens+Kaffee%2C+abends+Tee+7%FF"]])), INVALID_CHARACTERS);
  assert.is(await verdict(handWritten({ password: "x".repeat(ONE_MEGABYTE) })), "Höchstens 256 Zeichen.");
  assert.is(await verdict(handWritten({})), REQUIRED);
  assert.is(await verdict(handWritten({ password: SQL })), "Das Passwort erfüllt die Regeln.", "SQL is just text");
  assert.is(await verdict(handWritten({}, [["password", "a"], ["password", "b"]])), REQUIRED);
  assert.is(await verdict(handWritten({ password: "kurz", email: SCRIPT, owner_name: SQL })), "Mindestens 12 Zeichen.");
  await assertNothingWritten(db, before, "password check");
});

passwordCheck.run();

// ---------------------------------------------------------------------------------------------
const language = suite("hostile input to the language switch");

language("the language switch never sends the browser to another site", async () => {
  const { app } = await createTestApp();
  const client = new TestClient(app);
  const returnTo = [
    "//evil.example",
    "https://evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    " //evil.example",
    "javascript:alert(1)",
    "/%2F%2Fevil.example",
    "/.//evil.example",
    "/\r\nSet-Cookie: evil=1",
    "/\u0000//evil.example",
    "/" + "a".repeat(ONE_MEGABYTE),
  ];
  for (const target of returnTo) {
    const page = await client.post("/language", { lang: "de", return_to: target });
    assert.is(page.status, 303, JSON.stringify(target.slice(0, 40)));
    const location = page.location ?? "";
    assert.ok(location.startsWith("/") && !/^\/[\/\\]/.test(location), `${JSON.stringify(target)} → ${location}`);
    assert.is(new URL(location, TEST_BASE_URL).origin, TEST_BASE_URL, JSON.stringify(target.slice(0, 40)));
    assert.not.ok(page.headers.getSetCookie().some((cookie) => cookie.includes("evil")), "no header injection");
  }
  const hand = [
    ["return_to", "%2F%2Fevil.example"],
    ["return_to", "%2F%5Cevil.example"],
    ["return_to", "%2F%00%2F%2Fevil.example"],
    ["return_to", "%2F%0D%0ALocation%3A%20https%3A%2F%2Fevil.example"],
    ["return_to", "%FF%2F%2Fevil.example"],
  ] as Array<[string, string]>;
  for (const field of hand) {
    const page = await postRaw(client, "/language", handWritten({ lang: "en" }, [field]));
    assert.is(page.status, 303, field[1]);
    assert.is(new URL(page.location ?? "", TEST_BASE_URL).origin, TEST_BASE_URL, field[1]);
    assert.not.ok((page.location ?? "").includes("evil"), field[1]);
  }

  // A local path does come back: the switch keeps the reader on the page they were reading.
  const local = await client.post("/language", { lang: "de", return_to: "/register?step=1" });
  assert.is(local.location, "/register?step=1");
});

language("hostile language values change nothing", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const { email } = await signedInOwner(client, db, clock);
  const before = await rowCounts(db);

  const bodies = [
    handWritten({ lang: SCRIPT, return_to: "/" }),
    handWritten({ lang: SQL, return_to: "/" }),
    handWritten({ return_to: "/" }, [["lang", "en%00"]]),
    handWritten({ return_to: "/" }, [["lang", "%FFen"]]),
    handWritten({ lang: "e".repeat(ONE_MEGABYTE), return_to: "/" }),
    handWritten({ lang: "EN", return_to: "/" }),
    handWritten({ return_to: "/" }, [["lang", "en"], ["lang", "en"]]),
  ];
  for (const body of bodies) {
    const page = await postRaw(client, "/language", body);
    assert.is(page.status, 303, body.slice(0, 60));
    assert.is(page.location, "/");
    assert.not.ok(page.headers.getSetCookie().some((cookie) => cookie.includes("kartei_lang")), "no language cookie");
  }
  assert.is((await accountByEmail(db, email))?.language, "de", "the account's language is unchanged");
  const home = await client.get("/");
  assert.match(home.html, /<html lang="de">/);
  await assertNothingWritten(db, before, "hostile language values");
});

language.run();

// ---------------------------------------------------------------------------------------------
const signOut = suite("hostile input to sign-out");

signOut("a forged or malformed sign-out ends no session", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  await signedInOwner(client, db, clock);
  const before = await rowCounts(db);
  assert.ok(client.sessionToken());

  const wrongToken = await client.post("/sign-out", { _csrf: "a".repeat(52) });
  assert.is(wrongToken.status, 403);
  const json = await client.send("/sign-out", {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: TEST_BASE_URL },
    body: JSON.stringify({ _csrf: client.csrfToken() }),
  });
  assert.is(json.status, 403, "a token inside JSON is not read");
  const broken = await client.send("/sign-out", {
    method: "POST",
    headers: { "Content-Type": "multipart/form-data; boundary=kartei", Origin: TEST_BASE_URL },
    body: `--other\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${client.csrfToken()}\r\n--other--\r\n`,
  });
  assert.is(broken.status, 400);
  await assertNothingWritten(db, before, "forged sign-out");
  assert.is((await client.get("/")).status, 200, "still signed in");

  const hostileExtras = await client.post("/sign-out", { return_to: "//evil.example", lang: SCRIPT, extra: SQL });
  assert.is(hostileExtras.status, 303);
  assert.is(hostileExtras.location, "/sign-in?notice=signedOut", "extra fields change nothing about the answer");
  assert.is(client.sessionToken(), undefined);
  const after = await rowCounts(db);
  assert.is(after.sessions, before.sessions - 1, "the real sign-out ended the session");
});

signOut("a hostile session cookie is ignored, not looked up", async () => {
  const { app, db } = await createTestApp();
  const client = new TestClient(app);
  const before = await rowCounts(db);
  for (const value of [SQL, SCRIPT, "a".repeat(4000), "%00", "A".repeat(52), "a".repeat(52)]) {
    client.cookies.set("kartei_session", encodeURIComponent(value));
    client.cookies.set("kartei_lang", encodeURIComponent(value));
    const page = await client.get("/sign-in");
    assert.is(page.status, 200, value.slice(0, 40));
    assert.match(page.html, /<html lang="de">/);
    const out = await client.post("/sign-out", {});
    assert.is(out.status, 303);
  }
  await assertNothingWritten(db, before, "hostile cookies");
});

signOut.run();

// ---------------------------------------------------------------------------------------------
const bodies = suite("bodies that are not forms, on every form");

bodies("a broken multipart body is a 400 on every form, never a 500, and writes nothing", async () => {
  const { app, db } = await createTestApp();
  const client = new TestClient(app);
  const { flowPath } = await registerPractice(client);
  const before = await rowCounts(db);
  const broken: Array<[string, string]> = [
    ["multipart/form-data", "no boundary at all"],
    ["multipart/form-data; boundary=kartei", "\u0000\u0001 not multipart"],
    ["multipart/form-data; boundary=kartei", ""],
    [
      "multipart/form-data; boundary=kartei",
      `--other\r\nContent-Disposition: form-data; name="x"\r\n\r\ny\r\n--other--`,
    ],
  ];
  const forms = ["/register", "/register/password-check", flowPath, "/sign-in", "/sign-out", "/language"];
  for (const path of forms) {
    for (const [type, body] of broken) {
      // Without the token header, the CSRF check must read the body and cannot.
      const page = await client.send(path, {
        method: "POST",
        headers: { "Content-Type": type, Origin: TEST_BASE_URL },
        body,
      });
      assert.is(page.status, 400, `${path} ${type} ${JSON.stringify(body.slice(0, 20))}`);
      assert.ok(page.html.includes("Ungültige Anfrage"));
    }
  }
  for (const path of forms.filter((path) => path !== "/sign-out")) {
    for (const [type, body] of broken) {
      // With the token in the header (as htmx sends it), the form handler reads the body itself.
      const page = await client.send(path, {
        method: "POST",
        headers: { "Content-Type": type, Origin: TEST_BASE_URL, "X-CSRF-Token": client.csrfToken()! },
        body,
      });
      assert.is(page.status, 400, `${path} with header: ${type} ${JSON.stringify(body.slice(0, 20))}`);
    }
  }
  await assertNothingWritten(db, before, "broken multipart");
});

bodies("a JSON body without the token header is refused by every form", async () => {
  const { app, db } = await createTestApp();
  const client = new TestClient(app);
  const { flowPath } = await registerPractice(client);
  const before = await rowCounts(db);
  for (const path of ["/register", "/register/password-check", flowPath, "/sign-in", "/sign-out", "/language"]) {
    const page = await client.send(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: TEST_BASE_URL },
      body: JSON.stringify({ _csrf: client.csrfToken(), ...validRegistration(), code: "12345678", lang: "en" }),
    });
    assert.is(page.status, 403, path);
  }
  const notJson = await client.send("/register", {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: TEST_BASE_URL, "X-CSRF-Token": client.csrfToken()! },
    body: "{ not json",
  });
  assert.is(notJson.status, 422, "unreadable JSON is an empty form");
  await assertNothingWritten(db, before, "JSON bodies");
});

bodies.run();
