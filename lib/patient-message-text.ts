// The words of a message to a patient: the practice's template (or the catalogue's default) with
// its placeholders filled. The facts carry no clinical information (no appointment type, no
// note); a text message names the patient only when the practice allows it.
import { type Language, translator } from "./i18n/mod.ts";
import {
  isShortChannel,
  type MessageChannel,
  type MessageKind,
  TEMPLATE_PLACEHOLDERS,
} from "./patient-message-kinds.ts";

export interface MessageTemplate {
  subject: string;
  emailBody: string;
  shortBody: string;
}

export type MessageFacts = Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string>;

/** The catalogue's template of a kind in a language, used until the practice writes its own. */
export function defaultTemplate(language: Language, kind: MessageKind): MessageTemplate {
  const t = translator(language);
  return {
    subject: t(`patientMessages.template.${kind}.subject`),
    emailBody: t(`patientMessages.template.${kind}.email`),
    shortBody: t(`patientMessages.template.${kind}.short`),
  };
}

/** The placeholders a text uses that are not ours ({date} is one of ours, {datum} is not). */
export function unknownPlaceholders(text: string): string[] {
  const known = new Set<string>(TEMPLATE_PLACEHOLDERS);
  return [...text.matchAll(/\{(\w*)\}/g)].map((match) => match[1]).filter((name) => !known.has(name));
}

export function fillTemplate(text: string, facts: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (match, name) => (Object.hasOwn(facts, name) ? facts[name] : match));
}

/** Subject (email only) and text of one message on one channel. */
export function composePatientMessage(
  template: MessageTemplate,
  facts: MessageFacts,
  channel: MessageChannel,
  options: { namesInShortText: boolean },
): { subject: string; text: string } {
  if (!isShortChannel(channel)) {
    return { subject: fillTemplate(template.subject, facts), text: fillTemplate(template.emailBody, facts) };
  }
  const shortFacts = options.namesInShortText ? facts : { ...facts, name: "" };
  const text = fillTemplate(template.shortBody, shortFacts)
    // A left-out name leaves no gap or stray comma behind ("Guten Tag , …").
    .replace(/[ \t]+([,.!?])/g, "$1").replace(/[ \t]{2,}/g, " ").trim();
  return { subject: "", text };
}
