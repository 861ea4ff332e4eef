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
