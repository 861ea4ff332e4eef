// System logs carry no personal data: no names, addresses, passwords, codes, secrets or tokens.
// Request ids are what links a log line to an audit event.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { decodeBase32IgnorePadding, encodeBase64, encodeHexLowerCase } from "@oslojs/encoding";
import { createTestApp, TEST_BASE_URL } from "../support/test-app.ts";
import { type Page, TestClient } from "../support/http-client.ts";
import { latestCode, nextTotpCode } from "../support/practice-fixtures.ts";
import { totpCode, totpStep } from "../../lib/totp.ts";

/** A six-digit code that is valid neither now nor in the step before (the ones still accepted). */
function wrongTotpCode(secret: Uint8Array, now: Date): string {
  const valid = [totpCode(secret, totpStep(now)), totpCode(secret, totpStep(now) - 1)];
  return ["135791", "246802", "975310"].find((code) => !valid.includes(code))!;
}

const test = suite("personal data in system logs");

test("registration, failed and successful sign-ins with a second factor leave no personal data in the log", async () => {
  const { app, db, clock, log } = await createTestApp();
  // Its own address: the failed sign-ins below must not meet other suites' failures.
  const client = new TestClient(app, TEST_BASE_URL, "10.66.1.1");
  const seen: Page[] = [];
  const step = async (page: Promise<Page>) => {
    seen.push(await page);
    return seen.at(-1)!;
  };

  const unique = Date.now().toString(36);
  const practiceName = "Naturheilpraxis Quendolin Zwirbelbart";
  const ownerName = "Quendolin Zwirbelbart";
  const email = `quendolin.zwirbelbart.${unique}@praxis-zwirbel.example`;
  const password = "Walrosse singen leise im Nebel 42";
  const wrongPassword = "Walrosse tanzen laut im Nebel 17";
  const unknownEmail = `niemand.zwirbel.${unique}@praxis-zwirbel.example`;
  const registration = {
    practice_name: practiceName,
    owner_name: ownerName,
    email,
    password,
    password_confirmation: password,
    accept_terms: "yes",
  };

  await step(client.get("/register"));
  const refused = await step(client.post("/register", { ...registration, password_confirmation: wrongPassword }));
  assert.is(refused.status, 422);
  const registered = await step(client.post("/register", registration));
  assert.is(registered.status, 303);
  const flowPath = registered.location!;
  const flowId = flowPath.split("/").pop()!;
  const code = await latestCode(db, email);
  const wrongCode = code === "13572468" ? "24681357" : "13572468";

  assert.is((await step(client.post(flowPath, { code: wrongCode }))).status, 422);
  assert.is((await step(client.post(flowPath, { code }))).status, 303);
  assert.is((await step(client.post("/sign-in", { email, password: wrongPassword }))).status, 401);
  assert.is((await step(client.post("/sign-in", { email: unknownEmail, password }))).status, 401);
  const passwordStep = await step(client.post("/sign-in", { email: email.toUpperCase(), password }));
  assert.is(passwordStep.location, "/sign-in/second-factor");
  const waitingToken = client.sessionToken()!;

  // The first sign-in sets up an authenticator app, named with the person's name.
  assert.is((await step(client.get(passwordStep.location!))).location, "/security/enrol");
  assert.is((await step(client.get("/security/enrol"))).status, 200);
  const setup = await step(client.get("/security/totp/new"));
  const shownSecret = setup.html.match(/class="totp-secret">([A-Z2-7 ]+)</)![1];
  const secret = decodeBase32IgnorePadding(shownSecret.replaceAll(" ", ""));
  const factorPath = setup.html.match(/action="(\/security\/totp\/[0-9a-f-]{36})"/)![1];
  const factorName = `Telefon von ${ownerName}`;
  const wrongEnrolmentCode = wrongTotpCode(secret, clock.now());
  assert.is((await step(client.post(factorPath, { name: factorName, code: wrongEnrolmentCode }))).status, 422);
  const enrolmentCode = nextTotpCode(clock, secret);
  const enrolled = await step(client.post(factorPath, { name: factorName, code: enrolmentCode }));
  assert.is(enrolled.location, "/security/recovery-codes?first=1");
  const enrolledToken = client.sessionToken()!;
  assert.is((await step(client.get(enrolled.location!))).status, 200);
  const codesPage = await step(client.post("/security/recovery-codes", {}));
  const recoveryCodes = [...codesPage.html.matchAll(/<code>([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})<\/code>/g)]
    .map((match) => match[1]);
  assert.is(recoveryCodes.length, 10, "the recovery codes are shown once");

  const home = await step(client.get("/"));
  assert.ok(home.html.includes(ownerName), "the name is on the page, for the person it belongs to");
  const switched = await step(
    client.post("/language", { lang: "en", return_to: `/?email=${encodeURIComponent(email)}` }),
  );
  assert.is((await step(client.get(switched.location!))).status, 200, "a query string with an address");
  await step(client.post("/sign-out", {}));

  // The next sign-in: password, a wrong code, then the right one.
  assert.is((await step(client.post("/sign-in", { email, password }))).location, "/sign-in/second-factor");
  assert.is((await step(client.get("/sign-in/second-factor"))).status, 200);
  const wrongSignInCode = wrongTotpCode(secret, clock.now());
  assert.is((await step(client.post("/sign-in/second-factor", { code: wrongSignInCode }))).status, 422);
  const signInCode = nextTotpCode(clock, secret);
  assert.is((await step(client.post("/sign-in/second-factor", { code: signInCode }))).location, "/");
  const sessionToken = client.sessionToken()!;
  assert.ok((await step(client.get("/"))).html.includes(ownerName));
  await step(client.post("/sign-out", {}));

  const personal = {
    practiceName,
    ownerName,
    surname: "Zwirbelbart",
    email,
    "email, upper case": email.toUpperCase(),
    "email, url-encoded": encodeURIComponent(email),
    "email's local part": email.split("@")[0],
    "email's domain": "praxis-zwirbel",
    unknownEmail,
    password,
    wrongPassword,
    "password, url-encoded": encodeURIComponent(password),
    code,
    wrongCode,
    waitingToken,
    enrolledToken,
    sessionToken,
    csrfToken: client.csrfToken()!,
    flowId,
    "TOTP secret as shown": shownSecret,
    "TOTP secret": shownSecret.replaceAll(" ", ""),
    "TOTP secret, lower case": shownSecret.replaceAll(" ", "").toLowerCase(),
    "TOTP secret, hex": encodeHexLowerCase(secret),
    "TOTP secret, base64": encodeBase64(secret),
    factorName,
    ...Object.fromEntries(recoveryCodes.map((code, i) => [`recovery code ${i + 1}`, code])),
    ...Object.fromEntries(recoveryCodes.map((code, i) => [`recovery code ${i + 1}, bare`, code.replaceAll("-", "")])),
  };
  const all = log.lines.join("\n");
  for (const [what, value] of Object.entries(personal)) {
    assert.not.ok(all.includes(value), `${what} must not be logged`);
  }
  assert.not.ok(/quendolin|zwirbel/i.test(all), "not in any spelling");
  // Six digits could occur by chance inside a request id or a timestamp: a logged code would
  // stand on its own.
  const sixDigitCodes = { enrolmentCode, wrongEnrolmentCode, signInCode, wrongSignInCode };
  for (const [what, code] of Object.entries(sixDigitCodes)) {
    assert.not.ok(new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`).test(all), `${what} must not be logged`);
  }

  assert.ok(log.lines.some((line) => line.includes(`"msg":"registration"`)), "the registration is logged");
  for (const page of seen) {
    const requestId = page.headers.get("X-Request-Id")!;
    assert.ok(log.lines.some((line) => line.includes(`"requestId":"${requestId}"`)), `${requestId} logged`);
  }
});

test("an error while handling a form logs where it happened, not what was typed", async () => {
  const { app, log } = await createTestApp();
  app.post("/test-only/failing-form", async (c) => {
    const form = await c.req.parseBody();
    throw new Error(`Patientin ${form.name} (${form.email}) konnte nicht gespeichert werden`);
  });
  const client = new TestClient(app);
  const failed = await client.post("/test-only/failing-form", {
    name: "Erika Zwirbelbart",
    email: "erika@zwirbel.example",
  });
  assert.is(failed.status, 500);

  const requestId = failed.headers.get("X-Request-Id")!;
  const errorLine = log.lines.map((line) => JSON.parse(line)).find((line) => line.level === "error");
  assert.is(errorLine?.requestId, requestId, "the error is logged under the request id shown to the user");
  assert.ok(String(errorLine?.at).includes("personal-data-in-logs.test.ts"), "and where it happened");
  assert.not.ok(/zwirbel|erika/i.test(log.lines.join("\n")), "the message with the typed values is not logged");
});

test.run();
