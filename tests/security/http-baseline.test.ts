// The HTTP baseline every response keeps: security headers, cookie attributes, CSRF refusals,
// error pages without internals, request ids, health endpoints, static asset caching and
// pages that no cache keeps.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { sha256 } from "@oslojs/crypto/sha2";
import { type Db, openPostgres } from "../../db/database.ts";
import { createTestApp, TEST_BASE_URL, uniqueEmail } from "../support/test-app.ts";
import { type Page, TestClient } from "../support/http-client.ts";
import { walkEveryRoute } from "../support/route-walk.ts";
import {
  enrolTotp,
  GOOD_PASSWORD,
  nextTotpCode,
  registerPractice,
  registerVerifiedPractice,
  signedInOwner,
  signInAs,
} from "../support/practice-fixtures.ts";

type TestClock = Awaited<ReturnType<typeof createTestApp>>["clock"];

const HTTPS_BASE_URL = "https://kartei.test";
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UNREACHABLE_DB_PASSWORD = "geheim-datenbank-passwort";

function cspDirectives(page: Page): Map<string, string[]> {
  const header = page.headers.get("Content-Security-Policy") ?? "";
  return new Map(
    header.split(";").map((part) => part.trim().split(/\s+/)).filter(([name]) => name)
      .map(([name, ...values]) => [name, values]),
  );
}

/** The attributes of the Set-Cookie line for `name`, lower-cased, or undefined when none was set. */
function setCookie(page: Page, name: string): string[] | undefined {
  const line = page.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`));
  return line?.split(";").slice(1).map((attribute) => attribute.trim().toLowerCase());
}

function assertBrowserCookie(page: Page, name: string, https: boolean) {
  const attributes = setCookie(page, name);
  assert.ok(attributes, `${name} is set`);
  assert.ok(attributes.includes("httponly"), `${name} HttpOnly`);
  assert.ok(attributes.includes("samesite=lax"), `${name} SameSite=Lax`);
  assert.ok(attributes.includes("path=/"), `${name} Path=/`);
  assert.not.ok(attributes.some((a) => a.startsWith("domain=")), `${name} has no Domain`);
  assert.is(attributes.includes("secure"), https, `${name} Secure only over https`);
}

/** The real app on a Postgres address where nothing listens: every query fails. */
async function appOnUnreachableDatabase() {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const handle = openPostgres(`postgres://kartei:${UNREACHABLE_DB_PASSWORD}@127.0.0.1:${port}/kartei`, 1);
  const testApp = await createTestApp({}, {}, { db: handle.db });
  return { ...testApp, close: () => handle.close() };
}

async function assetUrls(client: TestClient): Promise<string[]> {
  const page = await client.get("/sign-in");
  return [...page.html.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)].map((match) => match[1]);
}

async function bytes(response: Response): Promise<Uint8Array> {
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * The pages a new owner sees from the password step to the home page (setting up an
 * authenticator app, recovery codes, security), and the second-factor page of the next sign-in.
 */
async function signedInPages(client: TestClient, db: Db, clock: TestClock): Promise<Array<[string, Page]>> {
  const owner = await registerVerifiedPractice(client, db);
  await signInAs(client, owner.email, owner.password);
  const pages: Array<[string, Page]> = [
    ["enrolment", await client.get("/security/enrol")],
    ["authenticator app setup", await client.get("/security/totp/new")],
  ];
  const totp = await enrolTotp(client, clock);
  pages.push(
    ["recovery codes", await client.get(totp.location!)],
    ["new recovery codes", await client.post("/security/recovery-codes", {})],
    ["home", await client.get("/")],
    ["security", await client.get("/security")],
  );
  await client.post("/sign-out", {});
  await signInAs(client, owner.email, owner.password);
  pages.push(["second factor", await client.get("/sign-in/second-factor")]);
  for (const [what, page] of pages) assert.is(page.status, 200, `${what}: the page itself, not a redirect`);
  return pages;
}

// ---------------------------------------------------------------------------------------------
const headers = suite("security headers");

headers("every page allows only the site's own scripts and styles and cannot be framed", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const pages: Array<[string, Page]> = [
    ["sign-in", await client.get("/sign-in")],
    ["register", await client.get("/register")],
    ["terms", await client.get("/terms")],
    ["404", await client.get("/no-such-page")],
    ["422", await client.post("/sign-in", {})],
    ["403", await client.post("/sign-in", { _csrf: "" })],
    ["redirect", await client.get("/")],
    ...await signedInPages(client, db, clock),
  ];
  for (const [name, page] of pages) {
    const csp = cspDirectives(page);
    assert.equal(csp.get("default-src"), ["'none'"], `${name}: default-src`);
    assert.equal(csp.get("script-src"), ["'self'"], `${name}: script-src`);
    assert.equal(csp.get("style-src"), ["'self'"], `${name}: style-src`);
    assert.equal(csp.get("frame-ancestors"), ["'none'"], `${name}: frame-ancestors`);
    assert.equal(csp.get("base-uri"), ["'none'"], `${name}: base-uri`);
    assert.equal(csp.get("object-src"), ["'none'"], `${name}: object-src`);
    assert.equal(csp.get("form-action"), ["'self'"], `${name}: form-action`);
    const policy = page.headers.get("Content-Security-Policy")!;
    assert.not.ok(/unsafe-inline|unsafe-eval|unsafe-hashes|\*/.test(policy), `${name}: no unsafe sources`);
    assert.is(page.headers.get("X-Content-Type-Options"), "nosniff", name);
    assert.is(page.headers.get("Referrer-Policy"), "same-origin", name);
    assert.is(page.headers.get("X-Frame-Options"), "DENY", name);
    assert.is(page.headers.get("Strict-Transport-Security"), null, `${name}: no HSTS over plain http`);
  }
});

headers("pages carry no inline script, style or event handler that the policy would block", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const { flowPath } = await registerPractice(client);
  const pages = [
    await client.get("/sign-in"),
    await client.get("/register"),
    await client.get("/terms"),
    await client.get(flowPath),
    await client.get("/no-such-page"),
    await client.post("/register", { email: "kaputt" }),
  ];
  pages.push(...(await signedInPages(client, db, clock)).map(([, page]) => page));
  for (const page of pages) {
    assert.ok(page.html.includes("<script src="), "the page does load our script file");
    assert.not.ok(/<script(?![^>]*\ssrc=)[^>]*>/.test(page.html), "no inline <script>");
    assert.not.ok(/<style[\s>]/.test(page.html), "no <style> element");
    assert.not.ok(/\sstyle=/.test(page.html), "no style attribute");
    assert.not.ok(/\son[a-z]+=/.test(page.html), "no event handler attribute");
    assert.not.ok(/hx-on|javascript:|js:/.test(page.html), "nothing htmx would have to eval");
  }
});

headers(
  "every page the role × route walk reaches is under the strict policy and needs nothing it forbids",
  async () => {
    const { visits } = await walkEveryRoute();
    const pages = visits.filter((visit) => visit.page.headers.get("Content-Type")?.startsWith("text/html"));
    const shown = pages.filter((visit) => visit.page.status === 200).length;
    assert.ok(shown >= 80, `${shown} pages answered 200, of ${pages.length} HTML answers`);
    for (const { role, url, page } of pages) {
      const name = `${role} ${url} (${page.status})`;
      const csp = cspDirectives(page);
      assert.equal(csp.get("default-src"), ["'none'"], `${name}: default-src`);
      assert.equal(csp.get("script-src"), ["'self'"], `${name}: script-src`);
      assert.equal(csp.get("style-src"), ["'self'"], `${name}: style-src`);
      assert.not.ok(
        /unsafe-inline|unsafe-eval|unsafe-hashes|\*/.test(csp.toString() + page.headers.get("Content-Security-Policy")),
        `${name}: no unsafe sources`,
      );
      assert.not.ok(/<script(?![^>]*\ssrc=)[^>]*>/.test(page.html), `${name}: no inline <script>`);
      assert.not.ok(/<style[\s>]/.test(page.html), `${name}: no <style> element`);
      assert.not.ok(/\sstyle=/.test(page.html), `${name}: no style attribute`);
      assert.not.ok(/\son[a-z]+=/.test(page.html), `${name}: no event handler attribute`);
      assert.not.ok(/hx-on|javascript:|js:/.test(page.html), `${name}: nothing htmx would have to eval`);
    }
  },
);

headers("HSTS is sent only when the site is served over https", async () => {
  const https = await createTestApp({ BASE_URL: HTTPS_BASE_URL });
  const client = new TestClient(https.app, HTTPS_BASE_URL);
  for (const path of ["/sign-in", "/no-such-page", "/healthz", (await assetUrls(client))[0]]) {
    const hsts = (await client.get(path)).headers.get("Strict-Transport-Security") ?? "";
    const maxAge = Number(hsts.match(/max-age=(\d+)/)?.[1] ?? 0);
    assert.ok(maxAge >= 365 * 24 * 3600, `${path}: HSTS for at least a year (${hsts})`);
    assert.ok(hsts.includes("includeSubDomains"), path);
  }
  const http = await createTestApp();
  assert.is((await new TestClient(http.app).get("/sign-in")).headers.get("Strict-Transport-Security"), null);
});

headers.run();

// ---------------------------------------------------------------------------------------------
const cookies = suite("cookies");

cookies("over http, every cookie is HttpOnly and SameSite=Lax", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  assertBrowserCookie(await client.get("/sign-in"), "kartei_csrf", false);
  const { email, password, totpSecret } = await signedInOwner(client, db, clock);
  await client.post("/sign-out", {});
  assertBrowserCookie(await signInAs(client, email, password), "kartei_session", false);
  const secondFactor = await client.post("/sign-in/second-factor", { code: nextTotpCode(clock, totpSecret) });
  assert.is(secondFactor.status, 303);
  assertBrowserCookie(secondFactor, "kartei_session", false);
  assertBrowserCookie(await client.post("/language", { lang: "en", return_to: "/" }), "kartei_lang", false);
});

cookies("over https, every cookie carries the __Host- prefix and Secure", async () => {
  const { app, db, clock } = await createTestApp({ BASE_URL: HTTPS_BASE_URL });
  const client = new TestClient(app, HTTPS_BASE_URL);
  const first = await client.get("/sign-in");
  assertBrowserCookie(first, "__Host-kartei_csrf", true);
  assert.is(setCookie(first, "kartei_csrf"), undefined, "no unprefixed cookie");

  const { email, password, totpSecret } = await signedInOwner(client, db, clock);
  await client.post("/sign-out", {});
  const passwordStep = await signInAs(client, email, password);
  assert.is(passwordStep.status, 303);
  assertBrowserCookie(passwordStep, "__Host-kartei_session", true);
  const signedIn = await client.post("/sign-in/second-factor", { code: nextTotpCode(clock, totpSecret) });
  assert.is(signedIn.status, 303);
  assertBrowserCookie(signedIn, "__Host-kartei_session", true);
  assert.is(setCookie(signedIn, "kartei_session"), undefined, "no unprefixed session cookie");
  assertBrowserCookie(await client.post("/language", { lang: "en", return_to: "/" }), "__Host-kartei_lang", true);

  const signedOut = await client.post("/sign-out", {});
  const cleared = setCookie(signedOut, "__Host-kartei_session");
  assert.ok(cleared?.includes("max-age=0"), "sign-out clears the session cookie");
  assert.ok(cleared?.includes("secure"), "the clearing cookie keeps the prefix rules");
});

cookies("the session cookie ends with the browser; its clearing cookie keeps every attribute", async () => {
  for (const base of [TEST_BASE_URL, HTTPS_BASE_URL]) {
    const { app, db, clock } = await createTestApp({ BASE_URL: base });
    const client = new TestClient(app, base);
    const name = base === HTTPS_BASE_URL ? "__Host-kartei_session" : "kartei_session";
    const { email, password, totpSecret } = await signedInOwner(client, db, clock);
    await client.post("/sign-out", {});
    const passwordStep = await signInAs(client, email, password);
    const signedIn = await client.post("/sign-in/second-factor", { code: nextTotpCode(clock, totpSecret) });
    for (const page of [passwordStep, signedIn]) {
      const attributes = setCookie(page, name);
      assert.ok(attributes, `${name} is set`);
      assert.not.ok(attributes.some((a) => a.startsWith("max-age=")), `${name} has no Max-Age`);
      assert.not.ok(attributes.some((a) => a.startsWith("expires=")), `${name} has no Expires`);
    }
    const cleared = setCookie(await client.post("/sign-out", {}), name) ?? [];
    assert.ok(cleared?.includes("max-age=0"), "sign-out clears the session cookie");
    assert.ok(cleared.includes("httponly"), "the clearing cookie is HttpOnly");
    assert.ok(cleared.includes("samesite=lax"), "the clearing cookie is SameSite=Lax");
    assert.ok(cleared.includes("path=/"), "the clearing cookie has Path=/");
    assert.is(cleared.includes("secure"), base === HTTPS_BASE_URL, "Secure only over https");
  }
});

cookies("over https, a session cookie without the __Host- prefix is not accepted", async () => {
  const { app, db, clock } = await createTestApp({ BASE_URL: HTTPS_BASE_URL });
  const owner = new TestClient(app, HTTPS_BASE_URL);
  await signedInOwner(owner, db, clock);
  const token = owner.sessionToken()!;
  assert.is((await owner.get("/")).status, 200, "the prefixed cookie works");

  // A sibling subdomain or a plain-http page can plant an unprefixed cookie, never a __Host- one.
  const planted = new TestClient(app, HTTPS_BASE_URL);
  planted.cookies.set("kartei_session", token);
  const page = await planted.get("/");
  assert.is(page.status, 303);
  assert.is(page.location, "/sign-in");
});

cookies.run();

// ---------------------------------------------------------------------------------------------
const csrf = suite("cross-site request forgery");

csrf("a registration posted without our token or from elsewhere is refused and writes nothing", async () => {
  const { app, db } = await createTestApp();
  const client = new TestClient(app);
  await client.get("/register");
  const otherBrowser = new TestClient(app);
  await otherBrowser.get("/register");
  const email = uniqueEmail("csrf");
  const form = {
    practice_name: "Praxis am Markt",
    owner_name: "Maria Beispiel",
    email,
    password: GOOD_PASSWORD,
    password_confirmation: GOOD_PASSWORD,
    accept_terms: "yes",
  };
  const forged: Array<[string, Promise<Page>]> = [
    ["no token", client.post("/register", { ...form, _csrf: "" })],
    ["another browser's token", client.post("/register", { ...form, _csrf: otherBrowser.csrfToken()! })],
    ["a made-up token", client.post("/register", { ...form, _csrf: "a".repeat(52) })],
    ["a wrong header token", client.post("/register", form, { "X-CSRF-Token": otherBrowser.csrfToken()! })],
    ["a foreign Origin", client.post("/register", form, { Origin: "https://evil.example" })],
    ["our host over another scheme", client.post("/register", form, { Origin: "https://kartei.test" })],
    ["Origin: null", client.post("/register", form, { Origin: "null" })],
    ["Sec-Fetch-Site: cross-site", client.post("/register", form, { "Sec-Fetch-Site": "cross-site" })],
    ["Sec-Fetch-Site: same-site", client.post("/register", form, { "Sec-Fetch-Site": "same-site" })],
  ];
  for (const [what, request] of forged) {
    const page = await request;
    assert.is(page.status, 403, what);
    assert.ok(page.html.includes("stammt nicht von dieser Seite"), `${what}: says why`);
    assert.not.ok(page.location, what);
  }
  const noCookie = await new TestClient(app).send("/register", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: TEST_BASE_URL },
    body: new URLSearchParams({ ...form, _csrf: "a".repeat(52) }).toString(),
  });
  assert.is(noCookie.status, 403, "no cookie at all");
  assert.is((await db.selectFrom("accounts").select("id").where("email", "=", email).execute()).length, 0);

  const genuine = await client.post("/register", form, { "Sec-Fetch-Site": "same-origin" });
  assert.is(genuine.status, 303, "the same form from our own page goes through");
  assert.is((await db.selectFrom("accounts").select("id").where("email", "=", email).execute()).length, 1);
});

csrf("a sign-in from another site is refused and starts no session", async () => {
  const { app, db } = await createTestApp();
  const client = new TestClient(app);
  const { email, password } = await registerVerifiedPractice(client, db);
  const sessionsBefore = await db.selectFrom("sessions").select("token_hash").execute();

  const crossSite = await client.post("/sign-in", { email, password }, { "Sec-Fetch-Site": "cross-site" });
  assert.is(crossSite.status, 403);
  const foreign = await client.post("/sign-in", { email, password }, { Origin: "https://evil.example" });
  assert.is(foreign.status, 403);
  assert.is(client.sessionToken(), undefined);
  assert.is((await db.selectFrom("sessions").select("token_hash").execute()).length, sessionsBefore.length);
});

csrf("htmx's token header and clients that send no Origin are accepted", async () => {
  const { app } = await createTestApp();
  const client = new TestClient(app);
  await client.get("/sign-in");
  const viaHeader = await client.send("/language", {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-CSRF-Token": client.csrfToken()!,
      Origin: TEST_BASE_URL,
      "Sec-Fetch-Site": "same-origin",
    },
    body: "lang=en&return_to=%2Fterms",
  });
  assert.is(viaHeader.status, 303);
  assert.is(viaHeader.location, "/terms");
  assert.ok(setCookie(viaHeader, "kartei_lang"));

  const noOrigin = await client.send("/language", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: `_csrf=${client.csrfToken()}&lang=de&return_to=%2F`,
  });
  assert.is(noOrigin.status, 303, "a client that sends neither Origin nor Sec-Fetch-Site");
});

csrf(
  "pages carry the token masked anew each time (no constant secret beside reflected input); each mask works",
  async () => {
    const { app } = await createTestApp();
    const client = new TestClient(app);
    const other = new TestClient(app);
    await other.get("/sign-in");
    const formToken = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? "";
    const first = formToken((await client.get("/sign-in")).html);
    const second = formToken((await client.get("/sign-in")).html);
    const cookie = client.csrfToken()!;
    assert.ok(first && second && first !== second, "a different mask per page");
    assert.not.ok(first.includes(cookie) || second.includes(cookie), "the bare token is on no page");
    const switchLanguage = (token: string) =>
      client.send("/language", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: TEST_BASE_URL },
        body: `_csrf=${encodeURIComponent(token)}&lang=de&return_to=%2F`,
      });
    assert.is((await switchLanguage(first)).status, 303);
    assert.is((await switchLanguage(second)).status, 303);
    const othersMasked = formToken((await other.get("/sign-in")).html);
    assert.is((await switchLanguage(othersMasked)).status, 403, "another browser's masked token");
    const [pad, masked] = first.split(".");
    const flipped = masked.slice(0, -1) + (masked.endsWith("A") ? "B" : "A");
    assert.is((await switchLanguage(`${pad}.${flipped}`)).status, 403, "a tampered mask");
    assert.is((await switchLanguage(`${pad}.${masked}.x`)).status, 403, "a token with extra parts");
    assert.is((await switchLanguage("%%%.%%%")).status, 403, "garbage");
  },
);

csrf.run();

// ---------------------------------------------------------------------------------------------
const errors = suite("error pages");

errors("an unknown address answers a 404 page in German", async () => {
  const { app } = await createTestApp();
  const page = await new TestClient(app).get("/no-such-area/0000");
  assert.is(page.status, 404);
  assert.match(page.html, /<html lang="de">/);
  assert.ok(page.html.includes("Seite nicht gefunden"));
  assert.match(page.headers.get("Content-Type") ?? "", /^text\/html/);
});

errors("the 404 page is in English for Accept-Language: en and after choosing English", async () => {
  const { app } = await createTestApp();
  const browser = await new TestClient(app).get("/nope", { "Accept-Language": "en-GB,en;q=0.9,de;q=0.5" });
  assert.is(browser.status, 404);
  assert.match(browser.html, /<html lang="en">/);
  assert.ok(browser.html.includes("Page not found"));

  const client = new TestClient(app);
  const german = await client.get("/nope", { "Accept-Language": "de-DE" });
  assert.ok(german.html.includes("Seite nicht gefunden"));
  assert.is((await client.post("/language", { lang: "en", return_to: "/nope" })).location, "/nope");
  const chosen = await client.get("/nope", { "Accept-Language": "de-DE" });
  assert.is(chosen.status, 404);
  assert.ok(chosen.html.includes("Page not found"), "the choice wins over the browser's language");
});

errors("a failing handler answers 500 with the request id and no internals", async () => {
  const { app, log } = await createTestApp();
  app.get("/befund", () => {
    throw new Error("Befund von Erika Mustermann konnte nicht gelesen werden");
  });
  const page = await new TestClient(app).get("/befund");
  assert.is(page.status, 500);
  const requestId = page.headers.get("X-Request-Id") ?? "";
  assert.match(requestId, REQUEST_ID);
  assert.ok(page.html.includes(requestId), "the id to quote is on the page");
  assert.ok(page.html.includes("Ein Fehler ist aufgetreten"));
  assert.not.ok(page.html.includes("Erika"), "no error message");
  assert.not.ok(/\bat\s+\S+\s*\(|\.tsx?:\d+|file:\/\/|Error:/.test(page.html), "no stack trace");
  assert.is(page.headers.get("Cache-Control"), "no-store");

  const logged = log.lines.filter((line) => line.includes(requestId)).map((line) => JSON.parse(line));
  assert.ok(logged.some((line) => line.level === "error" && line.msg === "unhandled error"), "logged with the id");
  assert.not.ok(log.lines.some((line) => line.includes("Erika")), "the log keeps the message out too");
});

errors("when the database does not answer, pages answer 503 with the maintenance page and the request id", async () => {
  const { app, log, close } = await appOnUnreachableDatabase();
  try {
    const client = new TestClient(app);
    const email = uniqueEmail("down");
    const signIn = await client.post("/sign-in", { email, password: GOOD_PASSWORD });
    assert.is(signIn.status, 503);
    assert.ok(signIn.html.includes("Kurz nicht erreichbar"), "the maintenance page, not the generic error");
    assert.is(signIn.headers.get("Retry-After"), "30");
    const requestId = signIn.headers.get("X-Request-Id")!;
    assert.ok(signIn.html.includes(requestId));
    assert.not.ok(/ECONNREFUSED|127\.0\.0\.1|postgres|kysely/i.test(signIn.html), "no internals on the page");
    assert.not.ok(signIn.html.includes(email));

    client.cookies.set("kartei_session", "a".repeat(52));
    const home = await client.get("/");
    assert.is(home.status, 503, "looking up a session fails loudly, not as signed out");
    assert.ok(home.html.includes(home.headers.get("X-Request-Id")!));
    assert.not.ok(log.lines.some((line) => line.includes(email) || line.includes(UNREACHABLE_DB_PASSWORD)));
  } finally {
    await close();
  }
});

errors.run();

// ---------------------------------------------------------------------------------------------
const operations = suite("request ids and health checks");

operations("every response carries its own request id, and the log line carries it too", async () => {
  const { app, log } = await createTestApp();
  app.get("/kaputt", () => {
    throw new Error("kaputt");
  });
  const client = new TestClient(app);
  const asset = (await assetUrls(client))[0];
  const responses: Array<[string, Page]> = [
    ["page", await client.get("/sign-in")],
    ["redirect", await client.get("/")],
    ["404", await client.get("/nope")],
    ["403", await client.post("/sign-in", { _csrf: "" })],
    ["413", await client.post("/sign-in", { email: "x".repeat(3 * 1024 * 1024) })],
    ["422", await client.post("/sign-in", {})],
    ["500", await client.get("/kaputt")],
    ["healthz", await client.get("/healthz")],
    ["readyz", await client.get("/readyz")],
    ["asset", await client.get(asset)],
    ["asset 404", await client.get(asset.replace(/\/static\/[0-9a-f]+\//, "/static/0000000000000000/"))],
  ];
  const ids = new Set<string>();
  for (const [what, page] of responses) {
    const id = page.headers.get("X-Request-Id") ?? "";
    assert.match(id, REQUEST_ID, what);
    ids.add(id);
    assert.ok(log.lines.some((line) => line.includes(`"requestId":"${id}"`)), `${what}: logged with its id`);
  }
  assert.is(ids.size, responses.length, "no id is reused");
});

operations("/healthz and /readyz answer while the database does", async () => {
  const { app } = await createTestApp();
  const client = new TestClient(app);
  const health = await client.get("/healthz");
  assert.is(health.status, 200);
  assert.equal(JSON.parse(health.html), { status: "ok" });
  const ready = await client.get("/readyz");
  assert.is(ready.status, 200);
  assert.equal(JSON.parse(ready.html), { status: "ready" });
});

operations("/readyz answers 503 when the database does not, /healthz stays 200", async () => {
  const { app, log, close } = await appOnUnreachableDatabase();
  try {
    const client = new TestClient(app);
    assert.is((await client.get("/healthz")).status, 200, "the process itself is alive");
    const ready = await client.get("/readyz");
    assert.is(ready.status, 503);
    assert.equal(JSON.parse(ready.html), { status: "database unreachable" });
    assert.ok(log.lines.some((line) => line.includes("database not reachable")));
    assert.not.ok(log.lines.some((line) => line.includes(UNREACHABLE_DB_PASSWORD)), "no credentials in the log");
  } finally {
    await close();
  }
});

operations.run();

// ---------------------------------------------------------------------------------------------
const assets = suite("static assets and caching");

assets("assets are addressed by their content hash and cached for a year", async () => {
  const { app } = await createTestApp();
  const urls = await assetUrls(new TestClient(app));
  assert.ok(urls.some((url) => url.endsWith("/app.css")), "stylesheet linked");
  assert.ok(urls.some((url) => url.endsWith("/htmx.min.js")), "htmx linked");
  for (const url of urls) {
    const response = await app.request(new URL(url, TEST_BASE_URL).href);
    assert.is(response.status, 200, url);
    const body = await bytes(response);
    const hash = url.split("/")[2];
    assert.ok(encodeHexLowerCase(sha256(body)).startsWith(hash), `${url}: the URL names the content`);
    const cacheControl = response.headers.get("Cache-Control") ?? "";
    assert.ok(cacheControl.includes("immutable"), url);
    assert.ok(Number(cacheControl.match(/max-age=(\d+)/)?.[1]) >= 365 * 24 * 3600, url);
    assert.is(response.headers.get("X-Content-Type-Options"), "nosniff", url);
    assert.match(response.headers.get("Content-Type") ?? "", /^(text\/css|text\/javascript|image\/svg\+xml)/, url);
  }
});

assets("assets come compressed when the browser accepts it", async () => {
  const { app } = await createTestApp();
  const url = new URL((await assetUrls(new TestClient(app))).find((u) => u.endsWith("/htmx.min.js"))!, TEST_BASE_URL);
  const fetchWith = (encoding: string | null) =>
    app.request(url.href, { headers: encoding ? { "Accept-Encoding": encoding } : {} });

  const plain = await fetchWith(null);
  assert.is(plain.headers.get("Content-Encoding"), null);
  const original = await bytes(plain);

  const brotli = await fetchWith("gzip, deflate, br");
  assert.is(brotli.headers.get("Content-Encoding"), "br", "brotli preferred");
  assert.ok((brotli.headers.get("Vary") ?? "").includes("Accept-Encoding"));
  const brotliBody = await bytes(brotli);
  assert.ok(brotliBody.length < original.length / 2, "actually smaller");
  assert.equal(new Uint8Array(brotliDecompressSync(brotliBody)), original);

  const gzip = await fetchWith("gzip");
  assert.is(gzip.headers.get("Content-Encoding"), "gzip");
  assert.equal(new Uint8Array(gunzipSync(await bytes(gzip))), original);

  const identity = await fetchWith("identity");
  assert.is(identity.headers.get("Content-Encoding"), null);
});

assets("a wrong hash, an unknown file or a path trick answers 404 without long caching", async () => {
  const { app } = await createTestApp();
  const client = new TestClient(app);
  const css = (await assetUrls(client)).find((url) => url.endsWith("/app.css"))!;
  const hash = css.split("/")[2];
  const flipped = hash.slice(0, -1) + (hash.endsWith("0") ? "1" : "0");
  const wrong = [
    `/static/${flipped}/app.css`,
    `/static/0000000000000000/app.css`,
    `/static/${hash}/secret.css`,
    `/static/${hash}/app.css.gz`,
    `/static/${hash}/..%2F..%2Fdeno.json`,
    `/static/${hash}/%2E%2E%2Fapp.ts`,
    `/static/app.css`,
  ];
  for (const path of wrong) {
    const page = await client.get(path);
    assert.is(page.status, 404, path);
    assert.not.ok((page.headers.get("Cache-Control") ?? "").includes("immutable"), `${path}: not cached for a year`);
  }
});

assets("pages are never kept in a cache", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const { flowPath } = await registerPractice(client);
  const pages: Array<[string, Page]> = [
    ["sign-in", await client.get("/sign-in")],
    ["register", await client.get("/register")],
    ["terms", await client.get("/terms")],
    ["verify", await client.get(flowPath)],
    ["404", await client.get("/nope")],
    ["422", await client.post("/register", {})],
    ["403", await client.post("/register", { _csrf: "" })],
    ["413", await client.post("/register", { practice_name: "x".repeat(3 * 1024 * 1024) })],
    [
      "400",
      await client.send("/register", {
        method: "POST",
        headers: { "Content-Type": "multipart/form-data", Origin: TEST_BASE_URL },
        body: "kaputt",
      }),
    ],
    ["password check", await client.post("/register/password-check", { password: "kurz" })],
  ];
  const owner = await registerVerifiedPractice(client, db);
  pages.push(["sign-in redirect", await signInAs(client, owner.email, owner.password)]);
  await client.post("/sign-out", {});
  pages.push(...await signedInPages(client, db, clock));
  for (const [what, page] of pages) {
    assert.is(page.headers.get("Cache-Control"), "no-store", what);
  }
});

assets.run();
