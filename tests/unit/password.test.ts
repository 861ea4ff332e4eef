import { suite } from "uvu";
import * as assert from "uvu/assert";
import { checkPasswordPolicy, hashPassword, verifyAgainstDecoy, verifyPassword } from "../../lib/password.ts";
import { createSemaphore } from "../../lib/semaphore.ts";

const policy = suite("password policy");

policy("accepts a long passphrase", () => {
  assert.is(checkPasswordPolicy("Morgens Kaffee, abends Tee 7"), null);
  assert.is(checkPasswordPolicy("x".repeat(11) + "ä"), "common", "twelve characters, but one repeated");
});

policy("counts characters, not bytes, for the limits", () => {
  assert.is(checkPasswordPolicy("äöüäöüßßßabc"), null);
  assert.is(checkPasswordPolicy("äöüäöüßßßab"), "tooShort");
  assert.is(checkPasswordPolicy("Sätze ".repeat(43).slice(0, 256)), null);
  assert.is(checkPasswordPolicy("a1".repeat(129)), "tooLong");
});

policy("refuses common passwords, also with digits and symbols around them", () => {
  for (
    const password of [
      "passwort1234",
      "Passwort2024!!",
      "qwertzuiopasdfghjkl",
      "123456789012",
      "!!Schalke04!!!!",
      "9876543210987",
      "abcdefghijklmn",
    ]
  ) {
    assert.is(checkPasswordPolicy(password), "common", password);
  }
});

policy("refuses the name and the email's local part", () => {
  assert.is(
    checkPasswordPolicy("beispiel und kaffee", { name: "Maria Beispiel", email: "m@x.de" }),
    "containsPersonal",
  );
  assert.is(
    checkPasswordPolicy("ich bin anna.schmidt!", { email: "Anna.Schmidt@praxis.de" }),
    "containsPersonal",
  );
  assert.is(checkPasswordPolicy("schmidtchen schneider", { email: "anna.schmidt@praxis.de" }), "containsPersonal");
  // two-letter name parts are too short to count
  assert.is(checkPasswordPolicy("Morgens Kaffee, abends Tee 7", { name: "Li Wu" }), null);
});

policy.run();

const hashing = suite("password hashing");

hashing("Argon2id hashes verify and reject the wrong password", async () => {
  const hash = await hashPassword("Morgens Kaffee, abends Tee 7");
  assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.ok(await verifyPassword(hash, "Morgens Kaffee, abends Tee 7"));
  assert.not.ok(await verifyPassword(hash, "Morgens Kaffee, abends Tee 8"));
  assert.not.ok(await verifyPassword("not a hash", "anything"), "a damaged hash never matches");
  assert.is(await verifyAgainstDecoy("whatever"), false);
});

hashing("the semaphore never runs more tasks at once than its limit", async () => {
  const semaphore = createSemaphore(2);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  await Promise.all(Array.from({ length: 12 }, (_, i) =>
    semaphore.run(async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      order.push(i);
      running--;
    })));
  assert.is(peak, 2);
  assert.is(order.length, 12);
  assert.is(semaphore.waiting, 0);
});

hashing.run();

const queue = suite("bounded hashing queue");

queue("beyond its waiting limit the semaphore refuses at once instead of queueing", async () => {
  const { createSemaphore: make, QueueFullError } = await import("../../lib/semaphore.ts");
  const semaphore = make(1, 2);
  let release!: () => void;
  const blocker = semaphore.run(() => new Promise<void>((resolve) => (release = resolve)));
  const waiting = [semaphore.run(async () => {}), semaphore.run(async () => {})];
  let refused: unknown;
  try {
    await semaphore.run(async () => {});
  } catch (error) {
    refused = error;
  }
  assert.instance(refused, QueueFullError);
  release();
  await Promise.all([blocker, ...waiting]);
  assert.is(semaphore.waiting, 0);
});

queue("a reserved task waits beyond the public cap and gets the next free slot first", async () => {
  const { createSemaphore: make, QueueFullError } = await import("../../lib/semaphore.ts");
  const semaphore = make(1, 1, 1);
  const order: string[] = [];
  let release!: () => void;
  const blocker = semaphore.run(() => new Promise<void>((resolve) => (release = resolve)));
  const publicTask = semaphore.run(() => Promise.resolve(void order.push("public")));
  const reservedTask = semaphore.run(() => Promise.resolve(void order.push("reserved")), { reserved: true });
  const refusals = await Promise.all([
    semaphore.run(async () => {}).catch((error) => error),
    semaphore.run(async () => {}, { reserved: true }).catch((error) => error),
  ]);
  assert.ok(refusals.every((error) => error instanceof QueueFullError), "both shares are bounded");
  assert.equal(semaphore.refused, { public: 1, reserved: 1 });
  release();
  await Promise.all([blocker, publicTask, reservedTask]);
  assert.equal(order, ["reserved", "public"]);
});

queue.run();
