// A catalogue entry: a text, or plural forms chosen by the `count` value with the language's
// Intl.PluralRules (German and English use "one" and "other"; "other" is always there).
export type Plural = { other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;
export type Message = string | Plural;

/** Every text of an entry, e.g. for checking that two languages use the same placeholders. */
export function messageTexts(message: Message): string[] {
  return typeof message === "string" ? [message] : Object.values(message) as string[];
}
