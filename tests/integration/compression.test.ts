// Pages and fragments travel gzip-compressed when the browser accepts it (low-bandwidth
// practices); small answers and documents travel as they are.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { gunzipSync } from "node:zlib";
import { createTestApp } from "../support/test-app.ts";
import { TestClient, withoutCsrfTokens } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addPatient, fetchRaw, pdfBytes, uploadDocument } from "../support/document-fixtures.ts";
import { acceptsGzip } from "../../routes/middleware/compression.ts";

const test = suite("compressed answers");

test("Accept-Encoding is read with its weights", () => {
  assert.ok(acceptsGzip("gzip, deflate, br"));
  assert.ok(acceptsGzip("br;q=1.0, GZIP;q=0.5"));
  assert.ok(acceptsGzip("*"));
  assert.not.ok(acceptsGzip(undefined));
  assert.not.ok(acceptsGzip("identity"));
  assert.not.ok(acceptsGzip("gzip;q=0"));
  assert.not.ok(acceptsGzip("gzip;q=0, *"), "an explicit refusal beats the wildcard");
  assert.not.ok(acceptsGzip("br, *;q=0"));
  assert.not.ok(acceptsGzip("gzip;q=nonsense"));
});

test("a page comes gzip-compressed and unpacks to the same page; refused gzip gets it plain", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  await signedInOwner(client, db, clock);
  const plain = await fetchRaw(app, client, "/patients", { headers: { "Accept-Encoding": "identity" } });
  const packed = await fetchRaw(app, client, "/patients", { headers: { "Accept-Encoding": "gzip, deflate, br" } });
  assert.is(plain.status, 200);
  assert.is(packed.status, 200);
  assert.is(plain.headers.get("Content-Encoding"), null);
  assert.is(packed.headers.get("Content-Encoding"), "gzip");
  for (const answer of [plain, packed]) assert.match(answer.headers.get("Vary") ?? "", /Accept-Encoding/);
  assert.ok(packed.bytes.length < plain.bytes.length / 2, "actually smaller");
  // The same page, but for the CSRF token, which is masked anew on every page.
  assert.equal(
    withoutCsrfTokens(new TextDecoder().decode(gunzipSync(packed.bytes))),
    withoutCsrfTokens(new TextDecoder().decode(plain.bytes)),
  );
  const refused = await fetchRaw(app, client, "/patients", { headers: { "Accept-Encoding": "gzip;q=0" } });
  assert.is(refused.headers.get("Content-Encoding"), null);
  assert.ok(new TextDecoder().decode(refused.bytes).includes("<html"));
});

test("small fragments and documents are not compressed", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const owner = await signedInOwner(client, db, clock);
  const search = await fetchRaw(app, client, "/patients/search?q=zz", {
    headers: { "Accept-Encoding": "gzip", "HX-Request": "true" },
  });
  assert.is(search.status, 200);
  assert.ok(search.bytes.length < 1024, `a small fragment (${search.bytes.length} bytes)`);
  assert.is(search.headers.get("Content-Encoding"), null);

  const patientId = await addPatient(db, owner.practiceId, "Kurz", "Erna");
  const pdf = pdfBytes(50_000, "UNGEPACKT");
  assert.is((await uploadDocument(client, patientId, "Befund.pdf", pdf)).status, 303);
  const document = await db.selectFrom("documents").select("id").where("patient_id", "=", patientId)
    .executeTakeFirstOrThrow();
  const download = await fetchRaw(app, client, `/documents/${document.id}/download`, {
    headers: { "Accept-Encoding": "gzip" },
  });
  assert.is(download.status, 200);
  assert.is(download.headers.get("Content-Encoding"), null);
  assert.equal(download.bytes, pdf);
});

test.run();
