import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp, TEST_BASE_URL, uniqueEmail } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { GOOD_PASSWORD, latestCode, nextTotpCode, signedInOwner } from "../support/practice-fixtures.ts";

const test = suite("limits against abuse");

test("one address may cause ten mails an hour; the eleventh registration is refused and writes nothing", async () => {
  const { app, db } = await createTestApp();
  const address = "203.0.113.111";
  let last = { status: 0, location: null as string | null };
  for (let i = 0; i < 11; i++) {
    const client = new TestClient(app, TEST_BASE_URL, address);
    const email = uniqueEmail("flood");
    last = await client.post("/register", {
      practice_name: "Praxis",
      owner_name: "Maria Beispiel",
      email,
      password: GOOD_PASSWORD,
      password_confirmation: GOOD_PASSWORD,
      accept_terms: "yes",
    });
    if (i < 10) assert.is(last.status, 303, `registration ${i + 1}`);
    else {
      assert.is(last.status, 429);
      assert.is((await db.selectFrom("accounts").select("id").where("email", "=", email).execute()).length, 0);
      assert.is(
        (await db.selectFrom("outgoing_mails").select("id").where("recipient", "=", email).execute()).length,
        0,
      );
    }
  }
  const forgot = await new TestClient(app, TEST_BASE_URL, address).post("/password/forgot", { email: uniqueEmail() });
  assert.is(forgot.status, 429, "password resets share the budget");
  const elsewhere = await new TestClient(app).post("/password/forgot", { email: uniqueEmail() });
  assert.is(elsewhere.status, 303, "other addresses are not affected");
});

test("a password-reset session lasts 15 minutes", async () => {
  const { app, db, clock } = await createTestApp();
  const { email, totpSecret } = await signedInOwner(new TestClient(app), db, clock);
  const client = new TestClient(app);
  const asked = await client.post("/password/forgot", { email });
  await client.post(asked.location!, { code: await latestCode(db, email) });
  await client.post("/sign-in/second-factor", { code: nextTotpCode(clock, totpSecret) });
  assert.is((await client.get("/password/new")).status, 200);
  clock.advance(16 * 60_000);
  assert.is((await client.get("/password/new")).location, "/sign-in", "gone after 15 minutes");
});

test.run();
