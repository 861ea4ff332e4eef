// The shared field vocabulary of every form (routes/validation.ts): what each rule accepts,
// what it refuses, and that every refusal is a catalogue key shown beside the field.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Hono } from "hono";
import { z } from "zod";
import { parseLocalDate } from "../../lib/berlin-time.ts";
import {
  checkForm,
  choice,
  emailAddress,
  hasForbiddenCharacters,
  maskForbiddenCharacters,
  multiLineText,
  onceValid,
  optionalTyped,
  parseForm,
  readId,
  singleLineText,
  typed,
  typedEmail,
  typedPassword,
  wholeNumberBetween,
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

vocabulary("a quoted entry shows each forbidden character as a question mark", () => {
  assert.is(maskForbiddenCharacters("10.0.0.0/8\u0000\u0007\ufffd x"), "10.0.0.0/8??? x");
  assert.is(maskForbiddenCharacters("Straße 5"), "Straße 5");
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

vocabulary("typed fields: a reader's value, or its message; missing and empty are told apart where asked", () => {
  const duration = typed(wholeNumberBetween(5, 720), "calendar.invalidDuration", { values: { max: 720 } });
  assert.equal(checkForm(z.object({ field: duration }), { field: " 45 " }), {
    success: true,
    data: { field: 45 },
    values: { field: " 45 " },
  });
  for (const bad of ["4", "721", "1e2", "-5", "", undefined]) {
    assert.is(verdict(duration, bad), "calendar.invalidDuration");
  }
  const refused = checkForm(z.object({ field: duration }), { field: "9999" });
  assert.equal(refused.success ? null : refused.errors.field, {
    key: "calendar.invalidDuration",
    values: { max: 720 },
  });
  const day = typed(parseLocalDate, "calendar.invalidDate", { missing: "form.required" });
  assert.is(verdict(day, "2026-02-30"), "calendar.invalidDate");
  assert.is(verdict(day, "  "), "form.required");
  const room = optionalTyped(readId, "calendar.unknownRoom");
  const id = crypto.randomUUID();
  assert.equal(checkForm(z.object({ room }), { room: ` ${id.toUpperCase()} ` }), {
    success: true,
    data: { room: id },
    values: { room: ` ${id.toUpperCase()} ` },
  });
  assert.equal(checkForm(z.object({ room }), { room: "" }), {
    success: true,
    data: { room: null },
    values: { room: "" },
  });
  assert.is(verdict(room, "raum-1"), "calendar.unknownRoom");
  assert.is(verdict(choice(["this", "following"], "patient.invalidChoice"), "everything"), "patient.invalidChoice");
});

vocabulary("a cross-field rule runs once its own fields are valid, beside the other fields' messages", () => {
  const span = z.object({
    starts: typed(wholeNumberBetween(0, 23), "availability.invalidTime"),
    ends: typed(wholeNumberBetween(0, 24), "availability.invalidTime"),
    note: singleLineText(5),
  }).refine((form) => form.ends > form.starts, {
    path: ["ends"],
    message: "availability.endBeforeStart",
    ...onceValid("starts", "ends"),
  });
  const both = checkForm(span, { starts: "10", ends: "9", note: "far too long" });
  assert.equal(both.success ? null : Object.keys(both.errors).sort(), ["ends", "note"]);
  assert.is(both.success ? null : both.errors.ends!.key, "availability.endBeforeStart");
  const broken = checkForm(span, { starts: "x", ends: "9", note: "ok" });
  assert.equal(broken.success ? null : broken.errors, { starts: { key: "availability.invalidTime", values: {} } });
  assert.not.ok(checkForm(span, "kein Formular" as never).success, "a body that is no form is refused, no rule runs");
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

const root = new URL("../../", import.meta.url);

/** What would start a second validation style in a routes file, by line. */
function secondStyles(text: string): string[] {
  const found: string[] = [];
  text.split("\n").forEach((line, index) => {
    const at = `line ${index + 1}`;
    if (/\.safeParse\(/.test(line)) found.push(`${at}: safeParse`);
    // A character class of control characters or U+FFFD: a copy of FORBIDDEN_CHARACTERS.
    if (/\/\[[^\]]*\\(?:u0000|x00|u001f|x1f|u007f|x7f|ufffd|p\{Cc\})/.test(line)) {
      found.push(`${at}: forbidden-character regex`);
    }
    if (/no-control-regex/.test(line)) found.push(`${at}: control-character regex`);
    if (/zod-validator|zValidator|validForm/.test(line)) found.push(`${at}: validation middleware`);
  });
  return found;
}

vocabulary("the style check finds each second style it guards against", () => {
  assert.equal(
    secondStyles([
      "const parsed = form.safeParse(values);",
      "// deno-lint-ignore no-control-regex",
      "const CONTROL = /[\\u0000-\\u001f\\u007f-\\u009f\\ufffd]/u;",
      "if (/[\\p{Cc}]/u.test(value)) {}",
      'import { zValidator } from "@hono/zod-validator";',
      "const result = checkForm(schema, values);",
    ].join("\n")),
    [
      "line 1: safeParse",
      "line 2: control-character regex",
      "line 3: forbidden-character regex",
      "line 4: forbidden-character regex",
      "line 5: validation middleware",
    ],
  );
});

vocabulary("routes validate one way: parseForm/checkForm and the vocabulary of routes/validation.ts", async () => {
  const offending: string[] = [];
  async function walk(dir: string) {
    for await (const entry of Deno.readDir(new URL(dir, root))) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (/\.tsx?$/.test(entry.name) && path !== "routes/validation.ts") {
        const text = await Deno.readTextFile(new URL(path, root));
        offending.push(...secondStyles(text).map((finding) => `${path} ${finding}`));
      }
    }
  }
  await walk("routes");
  assert.equal(offending, []);
  const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", root)));
  assert.not.ok("@hono/zod-validator" in config.imports, "the zod middleware package is gone");
});

vocabulary.run();
