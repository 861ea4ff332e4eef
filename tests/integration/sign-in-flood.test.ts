// A distributed flood of sign-ins fills the Argon2 queue, and everyone from an unknown browser
// gets "busy" (503); a person signing in from a browser already approved for their account
// takes the reserved share and gets in. The queue is held full by blocked tasks, not by timing.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp, TEST_BASE_URL, uniqueEmail } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { GOOD_PASSWORD, signedInOwner } from "../support/practice-fixtures.ts";
import { passwordHashing } from "../../lib/password.ts";
import { hashSecret } from "../../lib/secret-token.ts";
import { addPatient, pdfBytes, uploadDocument } from "../support/document-fixtures.ts";

const PUBLIC_QUEUE = 64;

/** Fills every hashing slot and the whole public queue; returns the release of each holder. */
function holdQueueFull() {
  const releases: Array<() => void> = [];
  const held: Promise<unknown>[] = [];
  while (passwordHashing.waiting < PUBLIC_QUEUE) {
    held.push(passwordHashing.run(() => new Promise<void>((resolve) => releases.push(resolve))));
  }
  return {
    releaseOne: () => releases.shift()?.(),
    async releaseAll() {
      // Holders still waiting push their release only once they run: release until all are done.
      while (passwordHashing.waiting > 0 || releases.length) {
        releases.shift()?.();
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      await Promise.all(held);
    },
  };
}

async function until(condition: () => boolean) {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(condition(), "condition reached");
}

const flood = suite("a flood of sign-ins");

flood("while others saturate the hashing queue, an approved browser signs in and a new one gets 503", async () => {
  const { app, db, clock, log } = await createTestApp();
  const owner = new TestClient(app);
  const { email, password } = await signedInOwner(owner, db, clock);
  await owner.get("/");
  const account = await db.selectFrom("accounts").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  const approved = await db.selectFrom("known_browsers").select("status").where("account_id", "=", account.id)
    .execute();
  assert.equal(approved.map((b) => b.status), ["approved"], "the owner's browser is approved");
  await owner.post("/sign-out", {});
  clock.advance(60_000);

  const refusedBefore = passwordHashing.refused.public;
  const queue = holdQueueFull();
  try {
    // The flood: parallel sign-ins from distinct addresses, unknown and known accounts alike.
    const strangers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        new TestClient(app, TEST_BASE_URL, `198.51.100.${i + 1}`).post("/sign-in", {
          email: i % 2 ? email : uniqueEmail("flood"),
          password: GOOD_PASSWORD,
        })),
    );
    assert.equal(strangers.map((page) => page.status), Array(20).fill(503), "everyone else is told it is busy");
    // Each known account's check is one refusal; parallel unknown ones may share one decoy hash.
    assert.ok(passwordHashing.refused.public >= refusedBefore + 10, "refusals are counted for the metrics");
    const warnings = log.lines.filter((line) => line.includes("password hashing queue full"));
    assert.ok(warnings.length >= 1 && warnings.length < 20, `logged once, not per refusal (${warnings.length})`);
    assert.ok(/"refusedPublic":\d+/.test(warnings[0]), "with counts");
    const guard = await db.selectFrom("accounts").select(["failed_attempts", "locked_until"])
      .where("id", "=", account.id).executeTakeFirstOrThrow();
    assert.equal(guard, { failed_attempts: 0, locked_until: null }, "a busy answer is no guess and locks nothing");

    const signingIn = owner.post("/sign-in", { email, password });
    await until(() => passwordHashing.reservedWaiting === 1);
    queue.releaseOne();
    const page = await signingIn;
    assert.is(page.status, 303, "the approved browser gets past the flood");
    assert.is(page.location, "/sign-in/second-factor");
    assert.is(passwordHashing.waiting, PUBLIC_QUEUE - 1, "ahead of everyone in the public queue");
  } finally {
    await queue.releaseAll();
  }
});

flood("the reserved share is only for a browser approved for that account", async () => {
  const { app, db, clock } = await createTestApp();
  const first = new TestClient(app);
  await signedInOwner(first, db, clock);
  await first.get("/");
  const other = await signedInOwner(new TestClient(app), db, clock);
  // The first owner's approved browser cookie, used to sign in to someone else's account.
  const borrowed = new TestClient(app);
  borrowed.cookies.set("kartei_browser", first.cookies.get("kartei_browser")!);
  const queue = holdQueueFull();
  try {
    const page = await borrowed.post("/sign-in", { email: other.email, password: other.password });
    assert.is(page.status, 503);
  } finally {
    await queue.releaseAll();
  }
});

flood("a share code that meets a full queue is answered busy and counts as no wrong code", async () => {
  const { app, db, clock } = await createTestApp();
  const owner = new TestClient(app);
  const { practiceId } = await signedInOwner(owner, db, clock);
  const patientId = await addPatient(db, practiceId, "Flut", "Frieda");
  await uploadDocument(owner, patientId, "Befund.pdf", pdfBytes(2048, "BEFUND"));
  const { id: documentId } = await db.selectFrom("documents").select("id").where("patient_id", "=", patientId)
    .executeTakeFirstOrThrow();
  const created = await owner.post(`/documents/${documentId}/share-links`, {
    valid_hours: "24",
    max_uses: "1",
    with_code: "yes",
  });
  const token = created.html.match(/\/share\/([a-z2-7]{52})/)![1];
  const recipient = new TestClient(app, TEST_BASE_URL, "198.51.100.200");
  await recipient.get(`/share/${token}`);
  const queue = holdQueueFull();
  try {
    assert.is((await recipient.post(`/share/${token}`, { code: "123456" })).status, 503);
  } finally {
    await queue.releaseAll();
  }
  const link = await db.selectFrom("share_links").select(["id", "failed_code_attempts"])
    .where("token_hash", "=", hashSecret(token)).executeTakeFirstOrThrow();
  assert.is(link.failed_code_attempts, 0);
  const attempts = await db.selectFrom("share_link_attempts").select("failures").where("share_link_id", "=", link.id)
    .execute();
  assert.equal(attempts.map((a) => a.failures), [0]);
});

flood.run();
