import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { practiceRouteTable, ROUTE_CASES, walkEveryRoute } from "../support/route-walk.ts";
import { permits, ROLES } from "../../lib/permissions.ts";

// Routes that are not practice routes, and why; every other route must carry a permission.
const NOT_PRACTICE_ROUTES: Record<string, string> = {
  "/healthz": "operations",
  "/readyz": "operations",
  "/healthz/backup": "operations: the age of the last good backup, for monitoring",
  "/metrics": "operations: Prometheus, bearer token or this machine only",
  "/static/:version/:name": "static files",
  "/register": "public",
  "/register/password-check": "public",
  "/verify/:flow": "public",
  "/sign-in": "public",
  "/sign-out": "any session",
  "/language": "public",
  "/terms": "public",
  "/terms/accept": "own acceptance of the terms",
  "/terms/object": "own objection to the terms",
  "/terms/objected": "public",
  "/dev/outbox": "development only",
  "/sign-in/second-factor": "sign-in step",
  "/sign-in/webauthn/options": "sign-in step",
  "/sign-in/webauthn": "sign-in step",
  "/sign-in/network-refused": "public: a key's sign-in refused for the practice's networks lands here",
  "/step-up": "own session",
  "/password/forgot": "public",
  "/password/reset/:flow": "public",
  "/password/new": "reset session",
  "/practices": "own memberships",
  "/practices/:id/choose": "own memberships",
  "/browser-approval": "a held browser waits here",
  "/browser-approval/status": "a held browser waits here",
  "/lost-key": "public: loss report with email plus recovery code or password",
  "/lost-key/new-credentials": "public: carries the loss report's signed token",
  "/invitation/:token": "public: the invitation link, opened only with the activation code",
  "/reissue/:token": "public: the re-issue link, opened only with the activation code",
  "/share/:token": "public: a document share link, opened only with its secret token (and code, if set)",
  "/calendar/feed/:file": "public: a practitioner's ICS feed, opened only with its secret token",
  "/termin/:token": "public: a patient's appointment page, opened only with the secret token of a message",
  "/termin/:token/cancel": "public: the patient cancels through the token link",
  "/termin/:token/move": "public: the patient moves the appointment through the token link",
  "/buchen/:page": "public: a practice's online booking page, once its owner switched it on",
  "/buchen/:page/warteliste": "public: the booking page's waiting list",
  "/buchen/:page/code/:flow": "public: the double opt-in's code page",
  "/buchen/bestaetigen/:token": "public: the double opt-in's mailed link, by its secret token",
  "/buchen/angebot/:token": "public: a freed slot offered to the waiting list, by its secret token",
  "/buchen/vorschlag/:token": "public: an appointment proposal, by its secret token",
};
const OWN_SECURITY = /^\/security(\/|$)/;
// The operator console: operators only (requireOperator), never a practice's role.
const OPERATOR_CONSOLE = /^\/operator(\/|$)/;

const test = suite("the permission table decides every route");

test("every route is a practice route with a permission, or listed here with its reason", async () => {
  const { app } = await createTestApp();
  const table = practiceRouteTable(app);
  const unaccounted = app.routes
    .filter((r) => r.method !== "ALL")
    .filter((r) => !table.has(`${r.method} ${r.path}`))
    .filter((r) => !(r.path in NOT_PRACTICE_ROUTES) && !OWN_SECURITY.test(r.path) && !OPERATOR_CONSOLE.test(r.path))
    .map((r) => `${r.method} ${r.path}`);
  assert.equal([...new Set(unaccounted)], [], "routes without a permission");
  assert.ok(table.size >= 4);
});

test("each role gets the real answer of every route the table grants it, and 403 for every other", async () => {
  const { visits, routes } = await walkEveryRoute();
  assert.ok(routes >= 90, `${routes} practice routes`);
  assert.is(visits.length, routes * ROLES.length, "every route for every role");
  for (const visit of visits) {
    const what = `${visit.role} ${visit.route} (${visit.permission}) at ${visit.url}`;
    if (!visit.allowed) {
      assert.is(visit.page.status, 403, `${what}: denied`);
      continue;
    }
    const expected = ROUTE_CASES[visit.route];
    const status = expected?.byRole?.[visit.role] ?? expected?.expect ?? 200;
    assert.is(visit.page.status, status, `${what}: ${expected?.why ?? "the page"}`);
  }
});

test("every form route has its success written down, and every written case is a real route", async () => {
  const { app } = await createTestApp();
  const table = practiceRouteTable(app);
  const undecided = [...table.keys()].filter((route) => route.startsWith("POST") && !(route in ROUTE_CASES));
  assert.equal(undecided, [], "forms without a decided success");
  assert.equal(Object.keys(ROUTE_CASES).filter((route) => !table.has(route)), [], "cases of no route");
});

test("a third party reaches only the areas granted, and nothing after its end date", async () => {
  const { app, db, clock, masterKey } = await createTestApp();
  const owner = await signedInOwner(new TestClient(app), db, clock);
  const auditor = await addMember(db, masterKey, owner.practiceId, "third_party", {
    areas: ["audit.read"],
    endsOn: new Date(clock.now().getTime() + 86_400_000).toISOString().slice(0, 10),
  });
  const client = await signedInMember(app, clock, auditor);
  assert.is((await client.get("/")).status, 200);
  assert.is((await client.get("/team")).status, 403, "the team is not among the granted areas");
  assert.ok(permits("third_party", ["audit.read"], "audit.read"));
  assert.not.ok(permits("third_party", ["audit.read"], "notes.read"));
  assert.not.ok(permits("third_party", ["team.manage"], "team.manage"), "only grantable areas count");

  const yesterday = new Date(clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
  await db.updateTable("memberships").set({ ends_on: yesterday }).where("id", "=", auditor.membershipId).execute();
  const after = await client.get("/");
  assert.is(after.status, 303, "the practice is gone from the running session once the end date has passed");
  assert.is(after.location, "/practices");
  const choice = await client.get("/practices");
  assert.ok(choice.html.includes("keiner Praxis an"));
});

test.run();
