// The mails Kartei sends, and the one place their texts are composed: db modules and routes
// name a recipient, the recipient's language and the facts of the mail (a MailOrder); the
// outgoing queue (db/outgoing-mails.ts) composes the text here from the catalogue.
import type { Mail } from "./mail.ts";
import { type Language, translator } from "./i18n/mod.ts";

/** What a mail says, without its words. */
export type MailFacts =
  | { kind: "verificationCode"; code: string }
  | { kind: "alreadyRegistered"; signInUrl: string }
  | { kind: "passwordChange"; code: string }
  | { kind: "passwordReset"; code: string }
  | { kind: "memberLocked"; practice: string }
  | { kind: "practiceLocked"; practice: string }
  /** To the owners and operators: who reported what, and that it is locked already. */
  | { kind: "lossReported"; person: string; email: string; allCredentials: boolean; at: string }
  | { kind: "newCredentialsRequested"; person: string; email: string }
  /** The invitation carries only the link: the activation code travels on the owner's letter. */
  | { kind: "invitation"; name: string; inviter: string; practice: string; url: string; date: string }
  /** A re-issue of an existing member's access: the link only; the code travels on the letter. */
  | { kind: "reissue"; name: string; inviter: string; practice: string; url: string; date: string }
  | { kind: "newTerms"; version: string; termsUrl: string }
  /** To the owners of the person's practices (practiceName) or to the operators (null). */
  | { kind: "termsObjection"; name: string; email: string; version: string; practiceName: string | null }
  /** To each owner of the practice, when the operator locks or unlocks it. */
  | { kind: "operatorPracticeLock"; practice: string; locked: boolean }
  /** To the person, when the operator locks or unlocks their account. */
  | { kind: "operatorAccountLock"; locked: boolean }
  /** To the person whom the automatic lock locked (no membership for four quarters). */
  | { kind: "autoLocked" }
  /** To a member whose owner set up a YubiKey for them: a key they did not expect is a warning. */
  | { kind: "memberKeyImported"; practice: string; key: string }
  /** To an approver: a member's browser new to their account waits for approval. */
  | { kind: "browserApproval"; name: string; member: string; practice: string; device: string; link: string }
  /** To the owners: one address entered wrong codes for a share link and is locked out for now. */
  | { kind: "shareLinkAddressLocked"; count: number; minutes: number; url: string }
  /** To the operators, when the daily audit verification finds broken chains (ids only). */
  | { kind: "auditChainBroken"; breaks: { practiceId: string | null; sequence: number; reason: string }[] }
  // To a practice's owners: the day's head of their chain (the anchor to compare), or its break.
  | { kind: "auditChainHead"; practice: string; events: number; hash: string; at: string }
  | { kind: "auditChainBrokenPractice"; practice: string; sequence: number; events: number; reason: string }
  /** To the operators: a backup failed (the failure is a short code, never data). */
  | { kind: "backupFailed"; at: string; failure: string; lastGood: string; url: string }
  /** Online booking's double opt-in: the code and the link that confirm this address's request. */
  | { kind: "bookingCode"; practice: string; code: string; url: string; waitingList: boolean }
  /** The patient confirmed; the practice still decides (at: the appointment's start, ISO 8601). */
  | { kind: "bookingHeld"; practice: string; at: string }
  | { kind: "bookingConfirmed"; practice: string; at: string; location: string }
  | { kind: "bookingDeclined"; practice: string; at: string }
  /** To someone on the waiting list: a freed slot, first to confirm gets it. */
  | { kind: "slotOffered"; practice: string; at: string; url: string; until: string }
  /** An appointment proposal (Terminzettel): slots to choose one from, by link. */
  | { kind: "proposal"; practice: string; slots: string[]; url: string; until: string }
  /** To the invoice's recipient, the PDF attached: the practice and the number, no amounts or services. */
  | { kind: "invoice"; practice: string; number: string; cancellation: boolean };

export interface MailOrder {
  to: string;
  language: Language;
  facts: MailFacts;
}

const moments = {
  de: new Intl.DateTimeFormat("de-DE", { timeZone: "Europe/Berlin", dateStyle: "full", timeStyle: "short" }),
  en: new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", dateStyle: "full", timeStyle: "short" }),
};

/** An instant as people in the practice read it: Berlin time, the recipient's language. */
function moment(language: Language, iso: string): string {
  return moments[language].format(new Date(iso));
}

/** The subject and text of a mail in the given language. */
export function composeMailText(language: Language, facts: MailFacts): Omit<Mail, "to"> {
  const t = translator(language);
  switch (facts.kind) {
    case "verificationCode":
      return { subject: t("mail.verification.subject"), text: t("mail.verification.body", { code: facts.code }) };
    case "alreadyRegistered":
      return {
        subject: t("mail.alreadyRegistered.subject"),
        text: t("mail.alreadyRegistered.body", { signInUrl: facts.signInUrl }),
      };
    case "passwordChange":
      return { subject: t("mail.passwordChange.subject"), text: t("mail.passwordChange.body", { code: facts.code }) };
    case "passwordReset":
      return { subject: t("mail.passwordReset.subject"), text: t("mail.passwordReset.body", { code: facts.code }) };
    case "memberLocked":
      return {
        subject: t("mail.memberLocked.subject"),
        text: t("mail.memberLocked.body", { practice: facts.practice }),
      };
    case "practiceLocked":
      return {
        subject: t("mail.practiceLocked.subject"),
        text: t("mail.practiceLocked.body", { practice: facts.practice }),
      };
    case "lossReported": {
      const what = t(facts.allCredentials ? "mail.lossReported.all" : "mail.lossReported.one");
      return {
        subject: t("mail.lossReported.subject"),
        text: t("mail.lossReported.body", { person: facts.person, email: facts.email, what, at: facts.at }),
      };
    }
    case "newCredentialsRequested":
      return {
        subject: t("mail.newCredentials.subject"),
        text: t("mail.newCredentials.body", { person: facts.person, email: facts.email }),
      };
    case "invitation":
    case "reissue": {
      const values = {
        name: facts.name,
        inviter: facts.inviter,
        practice: facts.practice,
        url: facts.url,
        date: facts.date,
      };
      return facts.kind === "invitation"
        ? {
          subject: t("mail.invitation.subject", { practice: facts.practice }),
          text: t("mail.invitation.body", values),
        }
        : { subject: t("mail.reissue.subject", { practice: facts.practice }), text: t("mail.reissue.body", values) };
    }
    case "newTerms":
      return {
        subject: t("mail.newTerms.subject"),
        text: t("mail.newTerms.body", { version: facts.version, termsUrl: facts.termsUrl }),
      };
    case "termsObjection": {
      const values = { name: facts.name, email: facts.email, version: facts.version };
      return {
        subject: t("mail.termsObjection.subject"),
        text: facts.practiceName
          ? t("mail.termsObjection.ownerBody", { ...values, practice: facts.practiceName })
          : t("mail.termsObjection.operatorBody", values),
      };
    }
    case "operatorPracticeLock":
      return facts.locked
        ? {
          subject: t("mail.operatorPracticeLocked.subject"),
          text: t("mail.operatorPracticeLocked.body", { practice: facts.practice }),
        }
        : {
          subject: t("mail.operatorPracticeUnlocked.subject"),
          text: t("mail.operatorPracticeUnlocked.body", { practice: facts.practice }),
        };
    case "operatorAccountLock":
      return facts.locked
        ? { subject: t("mail.operatorAccountLocked.subject"), text: t("mail.operatorAccountLocked.body") }
        : { subject: t("mail.operatorAccountUnlocked.subject"), text: t("mail.operatorAccountUnlocked.body") };
    case "autoLocked":
      return { subject: t("mail.autoLocked.subject"), text: t("mail.autoLocked.body") };
    case "memberKeyImported":
      return {
        subject: t("mail.memberKeyImported.subject"),
        text: t("mail.memberKeyImported.body", { practice: facts.practice, key: facts.key }),
      };
    case "browserApproval":
      return {
        subject: t("mail.browserApproval.subject"),
        text: t("mail.browserApproval.body", {
          name: facts.name,
          member: facts.member,
          practice: facts.practice,
          device: facts.device,
          link: facts.link,
        }),
      };
    case "shareLinkAddressLocked":
      return {
        subject: t("mail.shareLinkAddressLocked.subject"),
        text: t("mail.shareLinkAddressLocked.body", { count: facts.count, minutes: facts.minutes, url: facts.url }),
      };
    case "auditChainBroken": {
      const chains = facts.breaks.map((b) =>
        t("mail.auditChainBroken.line", {
          chain: b.practiceId ?? t("mail.auditChainBroken.installation"),
          sequence: b.sequence,
          reason: b.reason,
        })
      ).join("\n");
      return {
        subject: t("mail.auditChainBroken.subject"),
        text: t("mail.auditChainBroken.body", { count: facts.breaks.length, chains }),
      };
    }
    case "auditChainHead":
      return {
        subject: t("mail.auditChainHead.subject", { practice: facts.practice }),
        text: t("mail.auditChainHead.body", {
          practice: facts.practice,
          events: facts.events,
          hash: facts.hash,
          at: facts.at,
        }),
      };
    case "auditChainBrokenPractice":
      return {
        subject: t("mail.auditChainBrokenPractice.subject", { practice: facts.practice }),
        text: t("mail.auditChainBrokenPractice.body", {
          practice: facts.practice,
          sequence: facts.sequence,
          events: facts.events,
          reason: facts.reason,
        }),
      };
    case "invoice":
      return {
        subject: t(facts.cancellation ? "mail.invoice.cancellationSubject" : "mail.invoice.subject", {
          number: facts.number,
          practice: facts.practice,
        }),
        text: t("mail.invoice.body", { number: facts.number, practice: facts.practice }),
      };
    case "backupFailed":
      return {
        subject: t("mail.backupFailed.subject"),
        text: t("mail.backupFailed.body", {
          at: facts.at,
          failure: facts.failure,
          lastGood: facts.lastGood,
          url: facts.url,
        }),
      };
    case "bookingCode":
      return {
        subject: t("mail.bookingCode.subject", { practice: facts.practice }),
        text: t(facts.waitingList ? "mail.bookingCode.waitingListBody" : "mail.bookingCode.body", {
          practice: facts.practice,
          code: facts.code,
          url: facts.url,
        }),
      };
    case "bookingHeld":
      return {
        subject: t("mail.bookingHeld.subject", { practice: facts.practice }),
        text: t("mail.bookingHeld.body", { practice: facts.practice, at: moment(language, facts.at) }),
      };
    case "bookingConfirmed":
      return {
        subject: t("mail.bookingConfirmed.subject", { practice: facts.practice }),
        text: t("mail.bookingConfirmed.body", {
          practice: facts.practice,
          at: moment(language, facts.at),
          location: facts.location,
        }),
      };
    case "bookingDeclined":
      return {
        subject: t("mail.bookingDeclined.subject", { practice: facts.practice }),
        text: t("mail.bookingDeclined.body", { practice: facts.practice, at: moment(language, facts.at) }),
      };
    case "slotOffered":
      return {
        subject: t("mail.slotOffered.subject", { practice: facts.practice }),
        text: t("mail.slotOffered.body", {
          practice: facts.practice,
          at: moment(language, facts.at),
          url: facts.url,
          until: moment(language, facts.until),
        }),
      };
    case "proposal":
      return {
        subject: t("mail.proposal.subject", { practice: facts.practice }),
        text: t("mail.proposal.body", {
          practice: facts.practice,
          slots: facts.slots.map((slot) => `- ${moment(language, slot)}`).join("\n"),
          url: facts.url,
          until: moment(language, facts.until),
        }),
      };
  }
}

/** The whole mail of an order, ready for the queue. */
export function composeMail(order: MailOrder): Mail {
  return { to: order.to, ...composeMailText(order.language, order.facts) };
}
