// The development outbox holds reset codes and invitation links: it answers only a client on
// this machine, however the app listens and whatever proxy stands in front of it.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp, uniqueEmail } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { registerPractice } from "../support/practice-fixtures.ts";

const outbox = suite("development outbox");

outbox("a client on this machine reads the outbox; one from the network gets 404 without a mail in it", async () => {
  const { app } = await createTestApp();
  const email = uniqueEmail("outbox");
  await registerPractice(new TestClient(app), { email });

  for (const address of ["127.0.0.1", "127.3.4.5", "::1", "::ffff:127.0.0.1"]) {
    const page = await new TestClient(app, undefined, address).get("/dev/outbox");
    assert.is(page.status, 200, address);
    assert.ok(page.html.includes(email), `${address} sees the mail`);
  }
  for (const address of ["192.168.1.20", "10.0.0.7", "fe80::1", "::ffff:192.168.1.20", "0.0.0.0"]) {
    const page = await new TestClient(app, undefined, address).get("/dev/outbox");
    assert.is(page.status, 404, address);
    assert.not.ok(page.html.includes(email), `${address} sees no mail`);
  }
});

outbox("behind a trusted proxy on this machine, the forwarded client address decides", async () => {
  const { app } = await createTestApp({ TRUSTED_PROXIES: "127.0.0.1" });
  const viaProxy = new TestClient(app, undefined, "127.0.0.1");
  assert.is((await viaProxy.get("/dev/outbox", { "X-Forwarded-For": "192.168.1.20" })).status, 404);
  assert.is((await viaProxy.get("/dev/outbox")).status, 200, "the proxy host itself");
});

outbox.run();
