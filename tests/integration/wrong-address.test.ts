// Kartei opened under an address other than BASE_URL (127.0.0.1 for localhost, the server's
// LAN address from another PC): forms are still refused, but the page says why and what to use.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp, TEST_BASE_URL } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";

const test = suite("Origin check: a form from another address of this server");
const LAN = "http://192.168.1.20:8000";

test("signing in at the LAN address answers 403 naming the configured address, and logs it once at warn", async () => {
  const { app, log } = await createTestApp();
  const client = new TestClient(app, LAN);
  const page = await client.post("/sign-in", { email: "someone@praxis.example", password: "whatever it is" });
  assert.is(page.status, 403);
  assert.match(page.html, `Sie haben Kartei über ${LAN} geöffnet, eingerichtet ist es aber für ${TEST_BASE_URL}`);
  assert.match(page.html, `<a href="${TEST_BASE_URL}">Bitte öffnen Sie Kartei über ${TEST_BASE_URL}.</a>`);
  assert.match(page.html, `BASE_URL=${LAN}`);
  assert.not.match(page.html, "Formular ist abgelaufen");
  assert.is(client.sessionToken(), undefined, "no session was started");

  const again = await client.post("/sign-in", { email: "someone@praxis.example", password: "whatever it is" });
  assert.is(again.status, 403);
  const warnings = log.lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg.startsWith("form refused"));
  assert.equal(warnings.map((w) => [w.level, w.origin, w.baseUrl]), [["warn", LAN, TEST_BASE_URL]]);
  assert.not.match(log.lines.join("\n"), "someone@praxis.example");
});

test("the page is in English for an English browser", async () => {
  const { app } = await createTestApp();
  const client = new TestClient(app, "http://127.0.0.1:8000");
  const page = await client.post("/sign-in", { email: "a@praxis.example", password: "x" }, {
    "Accept-Language": "en",
  });
  assert.is(page.status, 403);
  assert.match(page.html, `You opened Kartei at http://127.0.0.1:8000, but it is set up for ${TEST_BASE_URL}`);
});

test("a cross-site form post still gets the plain refusal, not the address advice", async () => {
  const { app, log } = await createTestApp();
  const client = new TestClient(app);
  const page = await client.post("/sign-in", { email: "a@praxis.example", password: "x" }, {
    Origin: "https://angreifer.example",
    "Sec-Fetch-Site": "cross-site",
  });
  assert.is(page.status, 403);
  assert.not.match(page.html, "Falsche Adresse");
  assert.ok(!log.lines.some((line) => line.includes("form refused")));
});

test.run();
