// The shared field vocabulary of every form (routes/validation.ts): what each rule accepts,
// what it refuses, and that every refusal is a catalogue key shown beside the field.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Hono } from "hono";
import { z } from "zod";
import {
  checkForm,
  emailAddress,
  hasForbiddenCharacters,
  multiLineText,
  parseForm,
  singleLineText,
  typedEmail,
  typedPassword,
} from "../../routes/validation.ts";
import { LANGUAGES, type MessageKey, translator } from "../../lib/i18n/mod.ts";

/** The message key a rule gives for a value, or "ok". */
function verdict(rule: z.ZodType, value: unknown): string {
  const result = checkForm(z.object({ field: rule }), { field: value });
  return result.success ? "ok" : result.errors.field!.key;
}

function assertCatalogued(key: string) {
  for (const language of LANGUAGES) {
    const text = translator(language)(key as MessageKey);
    assert.ok(typeof text === "string" && text.length > 0 && text !== key, `${key} in ${language}`);
  }
}

const vocabulary = suite("the shared field vocabulary");

vocabulary("one forbidden-characters definition: control characters and U+FFFD; lines only where allowed", () => {
  for (const bad of ["a\u0000b", "a\u0007b", "a\u007fb", "a\u0085b", "a\ufffdb"]) {
    assert.ok(hasForbiddenCharacters(bad), JSON.stringify(bad));
    assert.ok(hasForbiddenCharacters(bad, "several"), JSON.stringify(bad));
  }
  for (const lines of ["a\nb", "a\r\nb", "a\tb"]) {
    assert.ok(hasForbiddenCharacters(lines), JSON.stringify(lines));
    assert.not.ok(hasForbiddenCharacters(lines, "several"), JSON.stringify(lines));
  }
  for (const fine of ["Müller-Lüdenscheidt", "Straße 5 · 2. OG", "José 👍", ""]) {
    assert.not.ok(hasForbiddenCharacters(fine), fine);
  }
});

vocabulary("a single line: trimmed, required, bounded, no control characters", () => {
  const rule = singleLineText(10);
  assert.is(verdict(rule, "  Praxis  "), "ok");
  assert.equal(checkForm(z.object({ field: rule }), { field: "  Praxis  " }), {
    success: true,
    data: { field: "Praxis" },
    values: { field: "  Praxis  " },
  });
  assert.is(verdict(rule, "   "), "form.required");
  assert.is(verdict(rule, undefined), "form.required");
  assert.is(verdict(rule, "x".repeat(11)), "form.tooLong");
  assert.is(verdict(rule, "a\nb"), "form.invalidCharacters");
  assert.is(verdict(rule, "a\u0000b"), "form.invalidCharacters");
});

vocabulary("several lines: line breaks and tabs allowed, other control characters not", () => {
  const rule = multiLineText(40);
  assert.is(verdict(rule, "erste Zeile\nzweite\tZeile"), "ok");
  assert.is(verdict(rule, ""), "form.required");
  assert.is(verdict(rule, "x".repeat(41)), "form.tooLong");
  assert.is(verdict(rule, "a\u0000b"), "form.invalidCharacters");
  assert.is(verdict(rule, "a\ufffdb"), "form.invalidCharacters");
});

vocabulary("email addresses: as typed at sign-in, and as an address to write to", () => {
  assert.is(verdict(typedEmail, " Anna@Example.test "), "ok");
  assert.is(verdict(typedEmail, "kein at"), "ok");
  assert.is(verdict(typedEmail, ""), "form.required");
  assert.is(verdict(typedEmail, "a\u0000@example.test"), "form.invalidCharacters");
  assert.is(verdict(emailAddress, "anna@example.test"), "ok");
  assert.is(verdict(emailAddress, "kein at"), "form.invalidEmail");
});

vocabulary("passwords are never trimmed; NUL and U+FFFD are refused", () => {
  assert.equal(checkForm(z.object({ field: typedPassword }), { field: " Lindenplatz 2026 " }), {
    success: true,
    data: { field: " Lindenplatz 2026 " },
    values: { field: " Lindenplatz 2026 " },
  });
  assert.is(verdict(typedPassword, ""), "form.required");
  assert.is(verdict(typedPassword, "x".repeat(257)), "password.tooLong");
  assert.is(verdict(typedPassword, "ab\u0000cd"), "form.invalidCharacters");
});

vocabulary("every refusal is a key of both catalogues, with the limit it names", () => {
  for (
    const key of ["form.required", "form.tooLong", "form.invalidCharacters", "form.invalidEmail", "password.tooLong"]
  ) {
    assertCatalogued(key);
  }
  const tooLong = checkForm(z.object({ field: singleLineText(10) }), { field: "x".repeat(11) });
  assert.equal(tooLong.success ? null : tooLong.errors.field, { key: "form.tooLong", values: { max: 10 } });
});

vocabulary("parseForm reads a posted form: values as typed, the first message per field", async () => {
  const schema = z.object({ name: singleLineText(20), email: emailAddress });
  const app = new Hono();
  app.post("/", async (c) => c.json(await parseForm(c, schema)));
  const post = async (body: Record<string, string>) =>
    await (await app.request("/", { method: "POST", body: new URLSearchParams(body) })).json();
  assert.equal(await post({ name: " Anna ", email: "anna@example.test" }), {
    success: true,
    data: { name: "Anna", email: "anna@example.test" },
    values: { name: " Anna ", email: "anna@example.test" },
  });
  assert.equal(await post({ name: "", email: "nein" }), {
    success: false,
    errors: { name: { key: "form.required", values: { min: 1 } }, email: { key: "form.invalidEmail", values: {} } },
    values: { name: "", email: "nein" },
  });
});

vocabulary.run();
