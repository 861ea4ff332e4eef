// The message catalogue: German by default, English selectable.
import { de, type MessageKey } from "./de.ts";
import { en } from "./en.ts";
import type { Message } from "./message.ts";

export type { MessageKey };
export const LANGUAGES = ["de", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

const catalogues: Record<Language, Record<MessageKey, Message>> = { de, en };

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

export function translator(language: Language): Translate {
  const catalogue = catalogues[language];
  const plurals = new Intl.PluralRules(language);
  return (key, values) => {
    const message = catalogue[key];
    // A counted message without a count is a programming error; "other" is the safe reading.
    // (An unknown key stays undefined, as before plurals: fourEyesActionLabel falls back on it.)
    const template = typeof message === "object"
      ? message[plurals.select(Number(values?.count))] ?? message.other
      : message;
    if (!values) return template;
    return template.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
  };
}

/** The first supported language in an Accept-Language header, German otherwise. */
export function negotiateLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return "de";
  const ranked = acceptLanguage.split(",").map((part) => {
    const [tag, ...params] = part.trim().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return { tag: tag.toLowerCase().split("-")[0], q: q ? Number(q.slice(2)) || 0 : 1 };
  }).sort((a, b) => b.q - a.q);
  return ranked.find((entry) => isLanguage(entry.tag))?.tag as Language ?? "de";
}
