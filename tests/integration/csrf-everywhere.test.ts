import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp, TEST_BASE_URL } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";

const test = suite("CSRF protection on every form and endpoint");
const PUBLIC_BOOKING = /^\/buchen\//;

test("every POST route refuses a request without the token, also from a signed-in browser", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const { accountId } = await signedInOwner(client, db, clock);
  const postRoutes = [...new Set(app.routes.filter((r) => r.method === "POST").map((r) => r.path))];
  assert.ok(postRoutes.length >= 15, `${postRoutes.length} POST routes found`);
  assert.ok(postRoutes.includes("/sign-in/second-factor"));
  assert.ok(postRoutes.includes("/security/factors/:id/remove"));

  const sampleId = (await db.selectFrom("second_factors").select("id").where("account_id", "=", accountId)
    .executeTakeFirstOrThrow()).id;
  const eventsBefore = await db.selectFrom("audit_events").select(db.fn.countAll().as("n")).executeTakeFirstOrThrow();
  for (const route of postRoutes) {
    const path = route.replace(":id", sampleId).replace(":flow", "aaaaaaaaaaaaaaaaaaaaaaaaaa");
    if (PUBLIC_BOOKING.test(route)) {
      // A framed booking page gets no cookie of ours: its forms carry a signed ticket instead
      // (online-booking-abuse tests it); a post from another origin is refused all the same.
      const crossSite = await client.send(path, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
        body: "name=x&code=123456",
      });
      assert.is(crossSite.status, 403, `${route} from another origin`);
      continue;
    }
    const form = await client.send(path, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: TEST_BASE_URL },
      body: "name=x&code=123456",
    });
    assert.is(form.status, 403, `${route} without a token`);
    const json = await client.send(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: TEST_BASE_URL, "X-CSRF-Token": "wrong" },
      body: "{}",
    });
    assert.is(json.status, 403, `${route} with a wrong header token`);
  }
  const eventsAfter = await db.selectFrom("audit_events").select(db.fn.countAll().as("n")).executeTakeFirstOrThrow();
  assert.is(String(eventsAfter.n), String(eventsBefore.n), "nothing happened");
  assert.is((await client.get("/security")).status, 200, "and the session is intact");
});

test.run();
