// The metrics endpoint: for this machine or the bearer token only, with route patterns and
// counts in its labels and never an address, a name or an id that a request carried.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addPatient } from "../support/document-fixtures.ts";

const TOKEN = "m".repeat(24) + crypto.randomUUID().replaceAll("-", "");

function scrape(app: Awaited<ReturnType<typeof createTestApp>>["app"], from: string, headers: HeadersInit = {}) {
  return app.request("http://kartei.test/metrics", { headers }, { remoteAddr: { hostname: from } });
}

const metrics = suite("metrics");

metrics("only a client on this machine reads them without a token; others get a plain 404", async () => {
  const { app } = await createTestApp();
  assert.is((await scrape(app, "127.0.0.1")).status, 200);
  assert.is((await scrape(app, "::1")).status, 200);
  assert.is((await scrape(app, "::ffff:127.0.0.1")).status, 200);
  for (const outside of ["192.168.1.20", "10.0.0.5", "2001:db8::1", "unknown"]) {
    assert.is((await scrape(app, outside)).status, 404, outside);
  }
});

metrics("with METRICS_TOKEN only that bearer token opens them, from anywhere", async () => {
  const { app } = await createTestApp({ METRICS_TOKEN: TOKEN });
  assert.is((await scrape(app, "127.0.0.1")).status, 404, "loopback alone is not enough then");
  assert.is((await scrape(app, "192.168.1.20", { Authorization: `Bearer ${TOKEN}x` })).status, 404);
  assert.is((await scrape(app, "192.168.1.20", { Authorization: TOKEN })).status, 404);
  const ok = await scrape(app, "192.168.1.20", { Authorization: `Bearer ${TOKEN}` });
  assert.is(ok.status, 200);
  assert.match(ok.headers.get("Content-Type") ?? "", /text\/plain/);
});

metrics("requests are counted by route pattern; no id, address or name reaches a label", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const owner = await signedInOwner(client, db, clock, { owner_name: "Dr. Zelda Auskunft" });
  const patientId = await addPatient(db, owner.practiceId, "Quirinius", "Theodora");
  assert.is((await client.get(`/patients/${patientId}`)).status, 200);
  await client.get(`/patients?q=Quirinius`);
  await client.get(`/no-such-page/${owner.email}`);

  const text = await (await scrape(app, "127.0.0.1")).text();
  assert.match(text, /kartei_http_requests_total\{method="GET",route="\/patients\/:id",status="200"\} 1/);
  assert.match(text, /route="unmatched",status="404"/);
  assert.match(text, /kartei_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/patients\/:id"\}/);
  assert.match(text, /kartei_mail_outbox_pending \d+/);
  assert.match(text, /kartei_database_up 1/);
  assert.match(text, /kartei_password_hashing_refused_public \d+/, "the sign-in queue's refusals are reported");
  for (const secret of [patientId, owner.practiceId, owner.accountId, owner.email, "Quirinius", "Zelda"]) {
    assert.not.ok(text.includes(secret), `no ${secret} in the metrics`);
  }
  assert.not.match(text, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, "no uuid at all");
});

metrics.run();
