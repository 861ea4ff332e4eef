import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp, TEST_BASE_URL } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { hashSecret } from "../../lib/secret-token.ts";
import { addPatient, fetchRaw, pdfBytes, uploadDocument } from "../support/document-fixtures.ts";
import { onPostgres, raceBehindLock } from "../support/postgres-race.ts";

let shared: ReturnType<typeof setUp> | undefined;
function practice() {
  return shared ??= setUp();
}
async function setUp() {
  const test = await createTestApp();
  const client = new TestClient(test.app);
  const owner = await signedInOwner(client, test.db, test.clock, { practice_name: "Praxis am Markt" });
  const patientId = await addPatient(test.db, owner.practiceId, "Schmidt", "Jonas");
  const pdf = pdfBytes(300 * 1024, "ARZTBRIEF");
  await uploadDocument(client, patientId, "Arztbrief Schmidt.pdf", pdf);
  const { id: documentId } = await test.db.selectFrom("documents").select("id").where("patient_id", "=", patientId)
    .executeTakeFirstOrThrow();
  return { ...test, client, owner, patientId, documentId, pdf };
}

async function createLink(fields: Record<string, string>) {
  const { client, documentId } = await practice();
  const page = await client.post(`/documents/${documentId}/share-links`, {
    valid_hours: "168",
    max_uses: "1",
    ...fields,
  });
  assert.is(page.status, 200);
  const token = page.html.match(/\/share\/([a-z2-7]{52})/)?.[1];
  assert.ok(token, "the link is shown once");
  const code = page.html.match(/class="share-code">(\d+)</)?.[1] ?? null;
  return { token: token!, code, page };
}

/** The recipient's browser: opens the landing page (for the CSRF cookie), then posts the form. */
async function open(token: string, fields: Record<string, string> = {}, recipient?: TestClient) {
  const { app } = await practice();
  const client = recipient ?? new TestClient(app);
  const landing = await client.get(`/share/${token}`);
  const body = new URLSearchParams({ _csrf: client.csrfToken() ?? "", ...fields });
  const download = await fetchRaw(app, client, `/share/${token}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: TEST_BASE_URL },
    body: body.toString(),
  });
  return { landing, download, text: () => new TextDecoder().decode(download.bytes) };
}

async function linkEvents(action: string) {
  const { db, owner } = await practice();
  return await db.selectFrom("audit_events").select(["subject_id", "details", "actor_account_id"])
    .where("practice_id", "=", owner.practiceId).where("action", "=", action).orderBy("id").execute();
}

/** The landing page names neither the practice nor the file, its type or its size. */
function assertNeutral(html: string) {
  assert.ok(html.includes("Ein Dokument wurde für Sie freigegeben."), "says only that a document was shared");
  assert.not.ok(html.includes("Praxis am Markt"), "no practice name");
  assert.not.ok(html.includes("Arztbrief"), "no file name");
  assert.not.ok(/PDF/.test(html), "no file type");
  assert.not.ok(/\d\s?(B|KB|kB|KiB|MB|MiB)\b/.test(html), "no size");
}

async function guessFrom(token: string, address: string, code: string) {
  const { app } = await practice();
  return await open(token, { code }, new TestClient(app, TEST_BASE_URL, address));
}

const links = suite("share links");

links("a single-use link gives the document once, then answers 410; each access is audited", async () => {
  const { db, documentId, patientId, pdf } = await practice();
  const { token } = await createLink({ recipient_note: "Hausarztpraxis" });
  const stored = await db.selectFrom("share_links").selectAll().where("document_id", "=", documentId)
    .executeTakeFirstOrThrow();
  assert.is.not(stored.token_hash, token, "only a hash is stored");
  assert.is(stored.code_hash, null);

  const first = await open(token);
  assert.is(first.landing.status, 200);
  assertNeutral(first.landing.html);
  assert.is(first.landing.headers.get("X-Robots-Tag"), "noindex, nofollow");
  assert.is(first.download.status, 200);
  assert.equal(first.download.bytes, pdf);
  assert.match(first.download.headers.get("Content-Disposition") ?? "", /^attachment;/);

  const second = await open(token);
  assert.is(second.landing.status, 410);
  assert.is(second.download.status, 410);

  const opened = await linkEvents("share_link.opened");
  assert.is(opened.length, 1);
  assert.is(opened[0].subject_id, stored.id);
  assert.is(opened[0].actor_account_id, null);
  assert.equal(opened[0].details, { document_id: documentId, patient_id: patientId, use: "1" });
  const refused = (await linkEvents("share_link.refused")).filter((e) => e.subject_id === stored.id);
  assert.equal(refused.map((e) => (e.details as Record<string, unknown>).reason), ["used_up", "used_up"]);
  assert.is((await linkEvents("share_link.created")).length >= 1, true);
});

links("a link for several uses counts them atomically when opened three times at once", async () => {
  const { token } = await createLink({ max_uses: "2" });
  const results = await Promise.all([open(token), open(token), open(token)]);
  assert.equal(results.map((r) => r.download.status).sort(), [200, 200, 410]);
});

if (onPostgres) {
  links(
    "three downloads of a two-use link meeting in the database: exactly two get the file (on Postgres, concurrent)",
    async () => {
      const { app, db } = await practice();
      const { token } = await createLink({ max_uses: "2" });
      const recipients = [new TestClient(app), new TestClient(app), new TestClient(app)];
      for (const recipient of recipients) await recipient.get(`/share/${token}`);
      const race = await raceBehindLock(
        db,
        ["share_links"],
        recipients.map((recipient) => () =>
          fetchRaw(app, recipient, `/share/${token}`, {
            method: "POST",
            headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: TEST_BASE_URL },
            body: new URLSearchParams({ _csrf: recipient.csrfToken() ?? "" }).toString(),
          })
        ),
      );
      assert.is(race.metAtBarrier, 3, "all three waited in the database together");
      assert.equal(race.answers.map((download) => download.status).sort(), [200, 200, 410]);
    },
  );
}

links("a revoked link answers 410 and the revocation is audited", async () => {
  const { db, client, documentId } = await practice();
  const { token } = await createLink({});
  const link = await db.selectFrom("share_links").select("id").where("token_hash", "=", hashSecret(token))
    .executeTakeFirstOrThrow();
  const revoked = await client.post(`/share-links/${link.id}/revoke`, {});
  assert.is(revoked.status, 303);
  assert.is(revoked.location, `/documents/${documentId}?notice=revoked`);
  const page = await client.get(revoked.location!);
  assert.ok(page.html.includes("Der Freigabelink wurde widerrufen."));
  assert.ok(page.html.includes("widerrufen</td>"), "listed as revoked");
  const result = await open(token);
  assert.is(result.landing.status, 410);
  assert.is(result.download.status, 410);
  assert.ok((await linkEvents("share_link.revoked")).some((e) => e.subject_id === link.id));
  const refused = (await linkEvents("share_link.refused")).filter((e) => e.subject_id === link.id);
  assert.equal(refused.map((e) => (e.details as Record<string, unknown>).reason), ["revoked", "revoked"]);
});

links("a link with a code refuses a wrong code, gives the document for the right one", async () => {
  const { pdf } = await practice();
  const { token, code } = await createLink({ with_code: "yes" });
  assert.match(code ?? "", /^\d{6}$/);
  const wrong = await open(token, { code: code === "000000" ? "111111" : "000000" });
  assert.match(wrong.landing.html, /name="code"/);
  assert.is(wrong.download.status, 422);
  assert.match(fieldError(wrong.text(), "code"), /Code stimmt nicht/);
  const missing = await open(token, {});
  assert.is(missing.download.status, 422);
  const right = await open(token, { code: code! });
  assert.is(right.download.status, 200);
  assert.equal(right.download.bytes, pdf);
  const refused = await linkEvents("share_link.refused");
  assert.ok(refused.filter((e) => (e.details as Record<string, unknown>).reason === "wrong_code").length >= 2);
});

links("before the code, the page names neither the practice nor the file", async () => {
  const { token, code } = await createLink({ with_code: "yes" });
  const landing = await open(token, {});
  assert.is(landing.landing.status, 200);
  assertNeutral(landing.landing.html);
  assert.ok(landing.landing.html.includes("Bitte geben Sie den Code ein"));
  const wrong = await open(token, { code: code === "000000" ? "111111" : "000000" });
  assert.is(wrong.download.status, 422);
  assertNeutral(wrong.text());
});

links("wrong codes from one address lock out that address, not the link; the owners are told", async () => {
  const { db, clock, client, documentId, owner, pdf } = await practice();
  // The clock moves in steps shorter than the idle limit; the owner's session stays alive.
  const later = async (ms: number) => {
    clock.advance(ms);
    assert.is((await client.get("/")).status, 200);
  };
  const { token, code } = await createLink({ with_code: "yes", max_uses: "3" });
  const wrongCode = code === "000000" ? "111111" : "000000";
  const guesser = "203.0.113.77";
  const statuses = [];
  for (let attempt = 0; attempt < 6; attempt++) {
    statuses.push((await guessFrom(token, guesser, wrongCode)).download.status);
  }
  assert.equal(statuses, [422, 422, 422, 422, 429, 429], "the fifth wrong code locks the address out");
  assert.is((await guessFrom(token, guesser, code!)).download.status, 429, "even the right code waits there");

  const recipient = await guessFrom(token, "198.51.100.8", code!);
  assert.is(recipient.download.status, 200, "the rightful recipient elsewhere still gets the document");
  assert.equal(recipient.download.bytes, pdf);

  const link = await db.selectFrom("share_links").select(["id", "revoked_at"]).where(
    "token_hash",
    "=",
    hashSecret(token),
  )
    .executeTakeFirstOrThrow();
  assert.is(link.revoked_at, null, "the link is not killed");
  const locked = (await linkEvents("share_link.address_locked")).filter((e) => e.subject_id === link.id);
  assert.equal(locked.map((e) => (e.details as Record<string, unknown>).minutes), ["15"]);
  const mails = await db.selectFrom("outgoing_mails").select(["recipient", "subject", "body"])
    .where("subject", "like", "Freigabelink: falsche Codes%").where("body", "like", `%/documents/${documentId}%`)
    .execute();
  assert.equal(mails.map((m) => m.recipient), [owner.email], "the owner is mailed once");
  assert.not.ok(mails[0].body.includes(guesser), "the mail carries no address");

  // After the lockout the address may guess again; the next lockout lasts twice as long.
  await later(15 * 60_000 + 1000);
  const again = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    again.push((await guessFrom(token, guesser, wrongCode)).download.status);
  }
  assert.equal(again, [422, 422, 422, 422, 429]);
  const second = (await linkEvents("share_link.address_locked")).filter((e) => e.subject_id === link.id);
  assert.equal(second.map((e) => (e.details as Record<string, unknown>).minutes), ["15", "30"]);
  await later(15 * 60_000 + 1000);
  assert.is((await guessFrom(token, guesser, code!)).download.status, 429, "still locked after 15 of 30 minutes");
  await later(15 * 60_000);
  assert.is((await guessFrom(token, guesser, code!)).download.status, 200, "the right code works once it ends");
});

links("an IPv6 guesser cannot escape the lockout by changing addresses within its /64", async () => {
  const { token, code } = await createLink({ with_code: "yes" });
  const wrongCode = code === "000000" ? "111111" : "000000";
  const statuses = [];
  for (let i = 1; i <= 5; i++) statuses.push((await guessFrom(token, `2001:db8:1:2::${i}`, wrongCode)).download.status);
  assert.equal(statuses, [422, 422, 422, 422, 429]);
  assert.is((await guessFrom(token, "2001:db8:1:2::99", code!)).download.status, 429);
  assert.is((await guessFrom(token, "2001:db8:1:3::1", code!)).download.status, 200, "another /64 is another place");
});

links("guesses sent in parallel from one address cannot check more than five codes of a link", async () => {
  const { app, db } = await practice();
  const { token, code } = await createLink({ with_code: "yes" });
  const guesses = Array.from({ length: 12 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, "0"));
  const recipients = guesses.map(() => new TestClient(app, TEST_BASE_URL, "203.0.113.99"));
  for (const recipient of recipients) await recipient.get(`/share/${token}`);
  const statuses = await Promise.all(guesses.map(async (guess, i) => {
    const body = new URLSearchParams({ _csrf: recipients[i].csrfToken() ?? "", code: guess });
    const answer = await fetchRaw(app, recipients[i], `/share/${token}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: TEST_BASE_URL },
      body: body.toString(),
    });
    return answer.status;
  }));
  const checked = statuses.filter((status) => status === 422).length;
  assert.ok(checked <= 4, `at most four wrong codes answered as wrong, the fifth locks out: ${statuses}`);
  assert.ok(statuses.every((status) => status === 422 || status === 429), String(statuses));
  const link = await db.selectFrom("share_links").select(["id", "failed_code_attempts", "revoked_reason"])
    .where("token_hash", "=", hashSecret(token)).executeTakeFirstOrThrow();
  assert.ok(link.failed_code_attempts <= 5, `counted ${link.failed_code_attempts}`);
  assert.is(link.revoked_reason, null);
  const attempts = await db.selectFrom("share_link_attempts").select(["failures", "locked_until"])
    .where("share_link_id", "=", link.id).executeTakeFirstOrThrow();
  assert.ok(attempts.failures <= 5 && attempts.locked_until !== null, JSON.stringify(attempts));
  assert.is((await open(token, { code: code! })).download.status, 200, "another address still opens it");
});

links("a hundred wrong codes across all addresses lock the link itself", async () => {
  const { db } = await practice();
  const { token, code } = await createLink({ with_code: "yes" });
  // Ninety-nine wrong codes from many places, counted as the link's ceiling.
  await db.updateTable("share_links").set({ failed_code_attempts: 99 }).where("token_hash", "=", hashSecret(token))
    .execute();
  const wrongCode = code === "000000" ? "111111" : "000000";
  assert.is((await guessFrom(token, "192.0.2.100", wrongCode)).download.status, 410);
  assert.is((await guessFrom(token, "192.0.2.101", code!)).download.status, 410, "even the right code is too late");
  assert.ok(
    (await linkEvents("share_link.refused")).some((e) => (e.details as Record<string, unknown>).reason === "locked"),
  );
});

links("revisiting a dead link audits the first ten refusals an hour, not every visit", async () => {
  const { db, client } = await practice();
  const { token } = await createLink({});
  const link = await db.selectFrom("share_links").select("id").where("token_hash", "=", hashSecret(token))
    .executeTakeFirstOrThrow();
  await client.post(`/share-links/${link.id}/revoke`, {});
  for (let visit = 0; visit < 15; visit++) assert.is((await client.get(`/share/${token}`)).status, 410);
  const refused = (await linkEvents("share_link.refused")).filter((e) => e.subject_id === link.id);
  assert.is(refused.length, 10);
});

links("an unknown token answers 404; bad share-link input answers 422 and creates nothing", async () => {
  const { db, client, documentId } = await practice();
  const { app } = await practice();
  const stranger = new TestClient(app);
  assert.is((await stranger.get(`/share/${"a".repeat(52)}`)).status, 404);
  assert.is((await stranger.get(`/share/nonsense`)).status, 404);
  const before = (await db.selectFrom("share_links").select("id").execute()).length;
  const bad = await client.post(`/documents/${documentId}/share-links`, { valid_hours: "9999", max_uses: "50" });
  assert.is(bad.status, 422);
  assert.ok(fieldError(bad.html, "valid_hours"));
  assert.ok(fieldError(bad.html, "max_uses"));
  const huge = await client.post(`/documents/${documentId}/share-links`, {
    valid_hours: "24",
    max_uses: "1".repeat(400),
  });
  assert.is(huge.status, 422);
  assert.is((await db.selectFrom("share_links").select("id").execute()).length, before);
});

links("front desk cannot create or revoke links; another practice's links answer 404", async () => {
  const { app, db, clock, masterKey, owner, documentId } = await practice();
  const link = await db.selectFrom("share_links").select("id").where("document_id", "=", documentId)
    .limit(1).executeTakeFirstOrThrow();
  const desk = await signedInMember(app, clock, await addMember(db, masterKey, owner.practiceId, "front_desk"));
  assert.is(
    (await desk.post(`/documents/${documentId}/share-links`, { valid_hours: "24", max_uses: "1" })).status,
    403,
  );
  assert.is((await desk.post(`/share-links/${link.id}/revoke`, {})).status, 403);
  const stranger = new TestClient(app);
  await signedInOwner(stranger, db, clock);
  assert.is((await stranger.post(`/share-links/${link.id}/revoke`, {})).status, 404);
  assert.is(
    (await stranger.post(`/documents/${documentId}/share-links`, { valid_hours: "24", max_uses: "1" })).status,
    404,
  );
});

// Last: moving the clock ends the owner's session.
links("a link after its expiry answers 410 and the refusal is audited", async () => {
  const { clock } = await practice();
  const { token } = await createLink({ valid_hours: "1" });
  clock.advance(61 * 60_000);
  const late = await open(token);
  assert.is(late.landing.status, 410);
  assert.is(late.download.status, 410);
  assert.ok(
    (await linkEvents("share_link.refused")).some((e) => (e.details as Record<string, unknown>).reason === "expired"),
  );
});

links.run();
