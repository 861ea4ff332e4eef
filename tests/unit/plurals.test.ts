import { suite } from "uvu";
import * as assert from "uvu/assert";
import { type MessageKey, translator } from "../../lib/i18n/mod.ts";
import { de } from "../../lib/i18n/de.ts";
import { en } from "../../lib/i18n/en.ts";

const plurals = suite("counted messages choose their form with Intl.PluralRules");
const tDe = translator("de");
const tEn = translator("en");

plurals("recovery codes: 1 Code, 2 Codes, 0 Codes in German", () => {
  assert.is(tDe("recovery.left", { count: 1 }), "Sie haben noch 1 unbenutzten Code.");
  assert.is(tDe("recovery.left", { count: 2 }), "Sie haben noch 2 unbenutzte Codes.");
  assert.is(tDe("security.recoveryCodesLeft", { count: 1 }), "Noch 1 unbenutzter Code.");
  assert.is(tDe("security.recoveryCodesLeft", { count: 0 }), "Noch 0 unbenutzte Codes.");
});

plurals("recovery codes: 1 code, 2 codes, 0 codes in English", () => {
  assert.is(tEn("recovery.left", { count: 1 }), "You have 1 unused code left.");
  assert.is(tEn("recovery.left", { count: 2 }), "You have 2 unused codes left.");
  assert.is(tEn("security.recoveryCodesLeft", { count: 0 }), "0 unused codes left.");
});

plurals("ages, attempts, people and hours agree with their number", () => {
  assert.is(tDe("patient.age", { count: 1 }), "1 Jahr");
  assert.is(tDe("patient.age", { count: 41 }), "41 Jahre");
  assert.is(tEn("patient.age", { count: 1 }), "1 year");
  assert.match(tDe("invitation.codeWrong", { count: 1 }), "Noch 1 Versuch,");
  assert.match(tEn("invitation.codeWrong", { count: 4 }), "4 tries left");
  assert.match(tDe("locks.practiceDone", { count: 1 }), "Der Zugang von 1 Person ist gesperrt");
  assert.match(tEn("notes.draftHintNew", { count: 1 }), "automatically 1 hour after");
  assert.match(tDe("notes.draftHintNew", { count: 24 }), "und 24 Stunden nach");
});

plurals("a message with two counts builds each part in its own form", () => {
  const text = tDe("dataKey.progress", {
    version: 2,
    documents: tDe("dataKey.progressDocuments", { count: 1 }),
    notes: tDe("dataKey.progressNotes", { count: 3 }),
  });
  assert.is(text, "Wechsel auf Version 2 läuft: noch 1 Dokumentteil und 3 Einträge mit älterem Schlüssel.");
});

plurals("every plural entry has the forms German and English need, in both languages", () => {
  for (const [key, message] of Object.entries(de)) {
    if (typeof message === "string") continue;
    const english = en[key as keyof typeof de];
    for (const forms of [message, english]) {
      assert.ok(typeof forms === "object" && "one" in forms && "other" in forms, key);
    }
  }
});

plurals("an unknown key stays undefined, so a caller can fall back (four-eyes action labels do)", () => {
  assert.is(tDe("fourEyes.action.not_registered" as MessageKey), undefined);
});

plurals.run();
