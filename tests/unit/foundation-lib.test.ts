import { suite } from "uvu";
import * as assert from "uvu/assert";
import { canonicalJson, computeEventHash, GENESIS_HASH } from "../../lib/audit-chain.ts";
import { loadConfig } from "../../lib/config.ts";
import { de } from "../../lib/i18n/de.ts";
import { en } from "../../lib/i18n/en.ts";
import { type Message, messageTexts } from "../../lib/i18n/message.ts";
import { negotiateLanguage, translator } from "../../lib/i18n/mod.ts";
import { createWrappedDataKey, decryptBytes, encryptBytes, unwrapDataKey } from "../../lib/envelope-encryption.ts";
import { maskEmail } from "../../lib/email-address.ts";
import { generateNumericCode, generateSecretToken, hashSecret, secretsEqual } from "../../lib/secret-token.ts";

const chain = suite("audit chain hashing");

chain("canonical JSON does not depend on key order", () => {
  assert.is(canonicalJson({ b: 1, a: { d: [1, "x"], c: null } }), canonicalJson({ a: { c: null, d: [1, "x"] }, b: 1 }));
});

chain("every field of an event is covered by its hash", () => {
  const event = {
    practiceId: "7d6f3f55-1f3b-4a0e-9d43-2f1f0f4f1a11",
    sequence: 1,
    occurredAt: new Date("2026-11-25T10:00:00.123Z"),
    action: "sign_in.succeeded",
    actorAccountId: null,
    subjectType: null,
    subjectId: null,
    requestId: "r1",
    details: { reason: "x" },
  };
  const hash = computeEventHash(GENESIS_HASH, event);
  assert.match(hash, /^[0-9a-f]{64}$/);
  const variants = [
    { ...event, sequence: 2 },
    { ...event, occurredAt: new Date("2026-11-25T10:00:00.124Z") },
    { ...event, action: "sign_in.failed" },
    { ...event, requestId: "r2" },
    { ...event, details: { reason: "y" } },
    { ...event, practiceId: null },
  ];
  for (const variant of variants) assert.is.not(computeEventHash(GENESIS_HASH, variant), hash);
  assert.is.not(computeEventHash("1".repeat(64), event), hash, "the previous hash is covered");
});

chain.run();

const config = suite("configuration");

config("development defaults need nothing", () => {
  const result = loadConfig({});
  assert.ok(result.ok);
  if (!result.ok) return;
  assert.is(result.config.port, 8000);
  assert.is(result.config.dataDir, "./data");
  assert.is(result.config.baseUrl.href, "http://localhost:8000/");
  assert.is(result.config.sessionIdleMinutes, 30);
});

config("each bad value gets its own message", () => {
  const result = loadConfig({ PORT: "eighty", DATABASE_URL: "mysql://x", KARTEI_MASTER_KEY: "c2hvcnQ=" });
  assert.not.ok(result.ok);
  if (result.ok) return;
  assert.is(result.errors.length, 3);
  assert.ok(result.errors.some((e) => e.startsWith("PORT:")));
  assert.ok(result.errors.some((e) => e.startsWith("DATABASE_URL:")));
  assert.ok(result.errors.some((e) => e.startsWith("KARTEI_MASTER_KEY:") && e.includes("32 bytes")));
});

config("production refuses to start without a master key or over plain http", () => {
  const result = loadConfig({ KARTEI_MODE: "production", BASE_URL: "http://praxis.example" });
  assert.not.ok(result.ok);
  if (result.ok) return;
  assert.ok(result.errors.some((e) => e.startsWith("KARTEI_MASTER_KEY:")));
  assert.ok(result.errors.some((e) => e.startsWith("BASE_URL:")));
  assert.ok(result.errors.some((e) => e.startsWith("SMTP_URL:")), "no outbox in production");
  assert.ok(
    result.errors.some((e) => e.startsWith("BACKUP_RECIPIENT:")),
    "backups are encrypted to a key off the server",
  );

  const key = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
  const good = loadConfig({
    KARTEI_MODE: "production",
    BASE_URL: "https://praxis.example",
    KARTEI_MASTER_KEY: key,
    SMTP_URL: "smtp://mail.praxis.example:587",
    SMTP_FROM: "kartei@praxis.example",
    BACKUP_RECIPIENT: "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",
  });
  assert.ok(good.ok);
  assert.not.ok(loadConfig({ BACKUP_RECIPIENT: "AGE-SECRET-KEY-1QQQ" }).ok, "a private key is no recipient");
});

config.run();

const language = suite("message catalogue");

language("English has exactly the German keys, with the same placeholders", () => {
  assert.equal(Object.keys(en).sort(), Object.keys(de).sort());
  for (const key of Object.keys(de) as (keyof typeof de)[]) {
    const placeholders = (message: Message) =>
      [...new Set(messageTexts(message).flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1])))]
        .sort();
    assert.equal(placeholders(en[key]), placeholders(de[key]), key);
    assert.is(typeof en[key], typeof de[key], `${key}: plural forms in both languages or in neither`);
  }
});

language("German by default, English when the browser prefers it", () => {
  assert.is(negotiateLanguage(undefined), "de");
  assert.is(negotiateLanguage("fr-FR,fr;q=0.9"), "de");
  assert.is(negotiateLanguage("en-GB,en;q=0.9,de;q=0.8"), "en");
  assert.is(negotiateLanguage("de-DE;q=0.5,en;q=0.9"), "en");
  assert.is(translator("en")("home.welcome", { name: "Anna" }), "Welcome, Anna.");
});

language.run();

const secrets = suite("secrets and encryption");

secrets("tokens are 256-bit, codes uniform digits, comparisons exact", () => {
  const token = generateSecretToken();
  assert.match(token, /^[a-z2-7]{52}$/);
  assert.is.not(generateSecretToken(), token);
  assert.match(hashSecret(token), /^[0-9a-f]{64}$/);
  for (let i = 0; i < 200; i++) assert.match(generateNumericCode(8), /^\d{8}$/);
  assert.ok(secretsEqual("abc", "abc"));
  assert.not.ok(secretsEqual("abc", "abd"));
  assert.not.ok(secretsEqual("abc", "abcd"));
});

secrets("a wrapped data key opens only with its master key and owner", async () => {
  const master = crypto.getRandomValues(new Uint8Array(32));
  const wrapped = await createWrappedDataKey(master, "practice:1");
  const key = await unwrapDataKey(master, wrapped, "practice:1");
  assert.is(key.length, 32);
  const sealed = await encryptBytes(key, new TextEncoder().encode("Befund"), "note:1");
  assert.is(new TextDecoder().decode(await decryptBytes(key, sealed, "note:1")), "Befund");
  const refused = async (attempt: () => Promise<unknown>) => {
    try {
      await attempt();
      return false;
    } catch {
      return true;
    }
  };
  assert.ok(await refused(() => unwrapDataKey(master, wrapped, "practice:2")), "another owner");
  assert.ok(await refused(() => unwrapDataKey(crypto.getRandomValues(new Uint8Array(32)), wrapped, "practice:1")));
  assert.ok(await refused(() => decryptBytes(key, sealed, "note:2")), "ciphertext moved to another record");
});

secrets("addresses are masked until confirmed", () => {
  assert.is(maskEmail("anna.schmidt@praxis.de"), "an…@praxis.de");
  assert.is(maskEmail("a@praxis.de"), "a…@praxis.de");
  assert.is(maskEmail("ab@praxis.de"), "a…@praxis.de");
});

secrets.run();
