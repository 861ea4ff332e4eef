// The mails Kartei sends, composed in the recipient's language from the catalogue.
import type { Mail } from "./mail.ts";
import type { Translate } from "./i18n/mod.ts";

export function verificationCodeMail(t: Translate, to: string, code: string): Mail {
  return { to, subject: t("mail.verification.subject"), text: t("mail.verification.body", { code }) };
}

export function alreadyRegisteredMail(t: Translate, to: string, signInUrl: string): Mail {
  return { to, subject: t("mail.alreadyRegistered.subject"), text: t("mail.alreadyRegistered.body", { signInUrl }) };
}

export function passwordChangeMail(t: Translate, to: string, code: string): Mail {
  return { to, subject: t("mail.passwordChange.subject"), text: t("mail.passwordChange.body", { code }) };
}

export function passwordResetMail(t: Translate, to: string, code: string): Mail {
  return { to, subject: t("mail.passwordReset.subject"), text: t("mail.passwordReset.body", { code }) };
}

export function memberLockedMail(t: Translate, to: string, practice: string): Mail {
  return { to, subject: t("mail.memberLocked.subject"), text: t("mail.memberLocked.body", { practice }) };
}

export function practiceLockedMail(t: Translate, to: string, practice: string): Mail {
  return { to, subject: t("mail.practiceLocked.subject"), text: t("mail.practiceLocked.body", { practice }) };
}

/** To the owners and operators: who reported what, and that it is locked already. */
export function lossReportedMail(
  t: Translate,
  to: string,
  report: { person: string; email: string; allCredentials: boolean; at: string },
): Mail {
  const what = t(report.allCredentials ? "mail.lossReported.all" : "mail.lossReported.one");
  return {
    to,
    subject: t("mail.lossReported.subject"),
    text: t("mail.lossReported.body", { person: report.person, email: report.email, what, at: report.at }),
  };
}

export function newCredentialsRequestedMail(
  t: Translate,
  to: string,
  request: { person: string; email: string },
): Mail {
  return { to, subject: t("mail.newCredentials.subject"), text: t("mail.newCredentials.body", request) };
}

/** The invitation carries only the link: the activation code travels on the owner's letter. */
export function invitationMail(
  t: Translate,
  to: string,
  invitation: { name: string; inviter: string; practice: string; url: string; date: string },
): Mail {
  return {
    to,
    subject: t("mail.invitation.subject", { practice: invitation.practice }),
    text: t("mail.invitation.body", invitation),
  };
}

export function newTermsMail(t: Translate, to: string, version: string, termsUrl: string): Mail {
  return { to, subject: t("mail.newTerms.subject"), text: t("mail.newTerms.body", { version, termsUrl }) };
}

export function termsObjectionMail(
  t: Translate,
  to: string,
  objection: { name: string; email: string; version: string; practiceName: string | null },
): Mail {
  const values = { name: objection.name, email: objection.email, version: objection.version };
  return objection.practiceName
    ? {
      to,
      subject: t("mail.termsObjection.subject"),
      text: t("mail.termsObjection.ownerBody", { ...values, practice: objection.practiceName }),
    }
    : { to, subject: t("mail.termsObjection.subject"), text: t("mail.termsObjection.operatorBody", values) };
}

/** To each owner of the practice, when the operator locks or unlocks it. */
export function operatorPracticeLockMail(t: Translate, to: string, practice: string, locked: boolean): Mail {
  return locked
    ? {
      to,
      subject: t("mail.operatorPracticeLocked.subject"),
      text: t("mail.operatorPracticeLocked.body", { practice }),
    }
    : {
      to,
      subject: t("mail.operatorPracticeUnlocked.subject"),
      text: t("mail.operatorPracticeUnlocked.body", { practice }),
    };
}

/** To the person, when the operator locks or unlocks their account. */
export function operatorAccountLockMail(t: Translate, to: string, locked: boolean): Mail {
  return locked
    ? { to, subject: t("mail.operatorAccountLocked.subject"), text: t("mail.operatorAccountLocked.body") }
    : { to, subject: t("mail.operatorAccountUnlocked.subject"), text: t("mail.operatorAccountUnlocked.body") };
}

/** To the person whom the automatic lock locked (no membership for four quarters). */
export function autoLockedMail(t: Translate, to: string): Mail {
  return { to, subject: t("mail.autoLocked.subject"), text: t("mail.autoLocked.body") };
}

/** A re-issue of an existing member's access: the link only; the code travels on the letter. */
export function reissueMail(
  t: Translate,
  to: string,
  reissue: { name: string; inviter: string; practice: string; url: string; date: string },
): Mail {
  return {
    to,
    subject: t("mail.reissue.subject", { practice: reissue.practice }),
    text: t("mail.reissue.body", reissue),
  };
}

/** To a member whose owner set up a YubiKey for them: a key they did not expect is a warning. */
export function memberKeyImportedMail(t: Translate, to: string, values: { practice: string; key: string }): Mail {
  return { to, subject: t("mail.memberKeyImported.subject"), text: t("mail.memberKeyImported.body", values) };
}

/** To the owners: one address entered wrong codes for a share link and is locked out for now. */
export function shareLinkAddressLockedMail(
  t: Translate,
  to: string,
  values: { count: number; minutes: number; url: string },
): Mail {
  return { to, subject: t("mail.shareLinkAddressLocked.subject"), text: t("mail.shareLinkAddressLocked.body", values) };
}

/** To the operators, when the daily audit verification finds broken chains (ids only). */
export function auditChainBrokenMail(
  t: Translate,
  to: string,
  breaks: { practiceId: string | null; sequence: number; reason: string }[],
): Mail {
  const chains = breaks.map((b) =>
    t("mail.auditChainBroken.line", {
      chain: b.practiceId ?? t("mail.auditChainBroken.installation"),
      sequence: b.sequence,
      reason: b.reason,
    })
  ).join("\n");
  return {
    to,
    subject: t("mail.auditChainBroken.subject"),
    text: t("mail.auditChainBroken.body", { count: breaks.length, chains }),
  };
}

/** To the operators: a backup failed (the failure is a short code, never data). */
export function backupFailedMail(
  t: Translate,
  to: string,
  facts: { at: string; failure: string; lastGood: string; url: string },
): Mail {
  return { to, subject: t("mail.backupFailed.subject"), text: t("mail.backupFailed.body", facts) };
}
