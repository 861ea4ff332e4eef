// Catalogue of locks, loss reports and re-issue: the owner's actions on members and on the
// whole practice, reporting a lost key, and the mails these send.
import type { Message } from "./message.ts";
export const LOCKS_DE = {
  "locks.reason": "Grund (wird protokolliert)",
  "locks.lockedReason": "Grund der Sperre",
  "locks.sessions": "Laufende Sitzungen",
  "locks.selfHint": "Das sind Sie. Ihre eigenen Faktoren und Sitzungen verwalten Sie unter „Sicherheit“.",
  "locks.endedHint": "Diese Mitgliedschaft ist beendet; sie lässt sich nicht mehr ändern.",
  "locks.access": "Zugang",
  "locks.lock": "Zugang sperren",
  "locks.lockHint": "Die Person kommt sofort nicht mehr in die Praxis; alle ihre Sitzungen enden.",
  "locks.unlock": "Sperre aufheben",
  "locks.endSessions": "Alle Sitzungen beenden",
  "locks.lockFactor": "Sperren",
  "locks.end": "Ende der Mitgliedschaft",
  "locks.endsOn": "Letzter Tag",
  "locks.setEndDate": "Enddatum speichern",
  "locks.endNow": "Jetzt beenden",
  "locks.endNowHint": "Der Zugang zur Praxis endet sofort und kann nicht wieder geöffnet werden.",
  "locks.invalidDate": "Bitte ein Datum angeben.",
  "locks.endDateInPast": "Das Datum liegt in der Vergangenheit. Um sofort zu beenden, „Jetzt beenden“ wählen.",
  "locks.lockedNotice": "Der Zugang ist gesperrt; alle Sitzungen der Person wurden beendet.",
  "locks.unlockedNotice": "Die Sperre ist aufgehoben.",
  "locks.sessionsEndedNotice": "Alle Sitzungen der Person wurden beendet.",
  "locks.factorLockedNotice": "Der Faktor ist gesperrt; alle Sitzungen der Person wurden beendet.",
  "locks.factorRemovedNotice": "Der Faktor wurde entfernt.",
  "locks.endDateSetNotice": "Das Enddatum ist gespeichert.",
  "locks.endedNotice": "Die Mitgliedschaft ist beendet.",
  "locks.notOnSelf": "Das geht nicht bei Ihrer eigenen Mitgliedschaft.",
  "locks.membershipEnded": "Diese Mitgliedschaft ist beendet.",
  "locks.lastFactor":
    "Der letzte (aktive) Faktor kann nicht entfernt werden. Sperren Sie ihn stattdessen oder lassen Sie zuerst einen neuen einrichten.",
  "locks.practiceLink": "Verdacht auf Missbrauch: alle Zugänge der Praxis sperren",
  "locks.practiceTitle": "Alle Zugänge der Praxis sperren",
  "locks.practiceIntro":
    "Bei Verdacht auf einen Einbruch: Alle zweiten Faktoren aller Mitglieder, auch Ihre eigenen, werden gesperrt, Wiederherstellungscodes verfallen und alle Sitzungen enden. Neue Zugänge vergibt danach der Betrieb bzw. die Praxisinhaberin oder der Praxisinhaber über die Einladung.",
  "locks.practiceFourEyes":
    "In Ihrer Praxis gilt dafür das Vier-Augen-Prinzip: Die Sperre wird erst wirksam, wenn eine zweite berechtigte Person zustimmt.",
  "locks.practiceSubmit": "Alle Zugänge jetzt sperren",
  "locks.practiceRequest": "Sperre zur Freigabe vorlegen",
  "locks.practiceRequested": "Die Sperre wartet auf die Zustimmung einer zweiten Person.",
  "locks.practiceDoneTitle": "Alle Zugänge sind gesperrt",
  "locks.practiceDone": {
    one: "Der Zugang von {count} Person ist gesperrt, alle Sitzungen beendet, auch Ihre.",
    other: "Die Zugänge von {count} Personen sind gesperrt, alle Sitzungen beendet, auch Ihre.",
  },

  "loss.link": "Schlüssel verloren oder Verdacht auf Missbrauch?",
  "loss.securityLink": "Unsicher, welcher Schlüssel verloren ist? Alle Zugangsmittel sperren",
  "loss.title": "Verlust oder Missbrauch melden",
  "loss.intro":
    "Melden Sie einen verlorenen oder gestohlenen Schlüssel oder den Verdacht auf Missbrauch. Weisen Sie sich mit Ihrer E-Mail-Adresse und einem Wiederherstellungscode oder Ihrem Passwort aus.",
  "loss.ownIntro":
    "Der gewählte Faktor, oder wenn Sie unsicher sind alle Ihre Zugangsmittel, werden sofort gesperrt. Alle Ihre Sitzungen enden, auch diese.",
  "loss.proof": "Wiederherstellungscode oder Passwort",
  "loss.proofHint": "Ein Wiederherstellungscode wird dabei verbraucht.",
  "loss.factorName": "Name des verlorenen Schlüssels (falls bekannt)",
  "loss.factorNameHint":
    "So wie er unter „Sicherheit“ hieß. Leer lassen oder kein passender Name: alle Ihre Zugangsmittel werden gesperrt.",
  "loss.which": "Was ist verloren?",
  "loss.all": "Ich bin unsicher / alle meine Zugangsmittel",
  "loss.submit": "Sperren und melden",
  "loss.failed": "E-Mail-Adresse und Nachweis passen nicht zusammen.",
  "loss.doneTitle": "Gesperrt",
  "loss.doneOne": "Der Schlüssel ist gesperrt, und alle Ihre Sitzungen sind beendet.",
  "loss.doneAll":
    "Alle Ihre zweiten Faktoren sind gesperrt, Ihre Wiederherstellungscodes verfallen, und alle Ihre Sitzungen sind beendet.",
  "loss.doneNotified": "Ihre Praxisinhaberin bzw. Ihr Praxisinhaber und der Betrieb wurden per E-Mail informiert.",
  "loss.newCredentialsIntro":
    "Die gesperrten Zugangsmittel bleiben gesperrt. Neue erhalten Sie über die Praxisinhaberin oder den Praxisinhaber (Einladung mit Aktivierungscode auf getrenntem Weg).",
  "loss.newCredentials": "Neue Zugangsmittel anfordern",
  "loss.newCredentialsRequested": "Ihre Anfrage wurde an die Praxisinhaberin bzw. den Praxisinhaber geschickt.",
  "loss.newCredentialsExpired":
    "Diese Anfrage ist abgelaufen. Wenden Sie sich bitte direkt an Ihre Praxisinhaberin oder Ihren Praxisinhaber.",

  "mail.memberLocked.subject": "Ihr Zugang zu einer Praxis wurde gesperrt",
  "mail.memberLocked.body":
    "Guten Tag,\n\nIhr Zugang zur Praxis „{practice}“ in Kartei wurde von der Praxisleitung gesperrt, und alle Ihre Sitzungen wurden beendet. Bei Fragen wenden Sie sich bitte an die Praxisleitung.\n\nKartei",
  "mail.practiceLocked.subject": "Alle Zugänge Ihrer Praxis wurden gesperrt",
  "mail.practiceLocked.body":
    "Guten Tag,\n\nwegen des Verdachts auf Missbrauch wurden alle Zugangsmittel der Praxis „{practice}“ in Kartei gesperrt, auch Ihre, und alle Sitzungen beendet. Neue Zugangsmittel erhalten Sie über die Praxisleitung.\n\nKartei",
  "mail.lossReported.subject": "Verlustmeldung: Zugangsmittel gesperrt",
  "mail.lossReported.body":
    "Guten Tag,\n\n{person} ({email}) hat am {at} einen Verlust oder den Verdacht auf Missbrauch gemeldet. Gesperrt wurde: {what}. Alle Sitzungen der Person wurden beendet.\n\nNeue Zugangsmittel vergeben Sie über die Einladung mit Aktivierungscode; die gesperrten bleiben gesperrt.\n\nKartei",
  "mail.lossReported.one": "der genannte zweite Faktor",
  "mail.lossReported.all": "alle zweiten Faktoren und Wiederherstellungscodes",
  "mail.newCredentials.subject": "Anfrage: neue Zugangsmittel",
  "mail.newCredentials.body":
    "Guten Tag,\n\n{person} ({email}) bittet nach einer Verlustmeldung um neue Zugangsmittel. Bitte prüfen Sie die Anfrage persönlich und laden Sie die Person neu ein (Einladungslink und Aktivierungscode auf getrennten Wegen).\n\nKartei",
  "mail.autoLocked.subject": "Ihr Kartei-Konto wurde gesperrt",
  "mail.autoLocked.body":
    "Guten Tag,\n\nSie gehören seit längerer Zeit keiner Praxis in Kartei mehr an. Ihr Konto wurde deshalb automatisch gesperrt, und alle Ihre Sitzungen wurden beendet. Wenn Sie wieder Zugang brauchen, wenden Sie sich bitte an eine Praxis oder an den Betrieb.\n\nKartei",
} as const;

export const LOCKS_EN: Record<keyof typeof LOCKS_DE, Message> = {
  "locks.reason": "Reason (recorded in the audit log)",
  "locks.lockedReason": "Reason for the lock",
  "locks.sessions": "Running sessions",
  "locks.selfHint": "This is you. Manage your own factors and sessions under “Security”.",
  "locks.endedHint": "This membership has ended; it can no longer be changed.",
  "locks.access": "Access",
  "locks.lock": "Lock access",
  "locks.lockHint": "The person loses access to the practice at once; all their sessions end.",
  "locks.unlock": "Unlock",
  "locks.endSessions": "End all sessions",
  "locks.lockFactor": "Lock",
  "locks.end": "End of membership",
  "locks.endsOn": "Last day",
  "locks.setEndDate": "Save end date",
  "locks.endNow": "End now",
  "locks.endNowHint": "Access to the practice ends at once and cannot be reopened.",
  "locks.invalidDate": "Please enter a date.",
  "locks.endDateInPast": "This date has passed. To end the membership at once, choose “End now”.",
  "locks.lockedNotice": "Access is locked; all of the person's sessions have ended.",
  "locks.unlockedNotice": "The lock has been lifted.",
  "locks.sessionsEndedNotice": "All of the person's sessions have ended.",
  "locks.factorLockedNotice": "The factor is locked; all of the person's sessions have ended.",
  "locks.factorRemovedNotice": "The factor has been removed.",
  "locks.endDateSetNotice": "The end date has been saved.",
  "locks.endedNotice": "The membership has ended.",
  "locks.notOnSelf": "This is not possible on your own membership.",
  "locks.membershipEnded": "This membership has ended.",
  "locks.lastFactor": "The last (active) factor cannot be removed. Lock it instead, or have a new one set up first.",
  "locks.practiceLink": "Suspected misuse: lock every credential of the practice",
  "locks.practiceTitle": "Lock every credential of the practice",
  "locks.practiceIntro":
    "For a suspected breach: every second factor of every member, yours too, is locked, recovery codes are voided and all sessions end. New credentials are then issued by the operator or the practice owner through an invitation.",
  "locks.practiceFourEyes":
    "Your practice requires four eyes for this: the lock takes effect only once a second authorised person approves.",
  "locks.practiceSubmit": "Lock every credential now",
  "locks.practiceRequest": "Submit the lock for approval",
  "locks.practiceRequested": "The lock is waiting for a second person's approval.",
  "locks.practiceDoneTitle": "Every credential is locked",
  "locks.practiceDone": {
    one: "The credentials of {count} person are locked and all sessions have ended, yours too.",
    other: "The credentials of {count} people are locked and all sessions have ended, yours too.",
  },

  "loss.link": "Lost a key or suspect misuse?",
  "loss.securityLink": "Not sure which key is lost? Lock all your credentials",
  "loss.title": "Report a loss or misuse",
  "loss.intro":
    "Report a lost or stolen key or suspected misuse. Identify yourself with your email address and a recovery code or your password.",
  "loss.ownIntro":
    "The chosen factor, or when you are not sure all of your credentials, is locked at once. All your sessions end, this one too.",
  "loss.proof": "Recovery code or password",
  "loss.proofHint": "A recovery code is used up by this.",
  "loss.factorName": "Name of the lost key (if you know it)",
  "loss.factorNameHint":
    "As it was named under “Security”. Left empty, or no matching name: all of your credentials are locked.",
  "loss.which": "What is lost?",
  "loss.all": "I am not sure / all my credentials",
  "loss.submit": "Lock and report",
  "loss.failed": "Email address and proof do not match.",
  "loss.doneTitle": "Locked",
  "loss.doneOne": "The key is locked and all your sessions have ended.",
  "loss.doneAll": "All your second factors are locked, your recovery codes are void and all your sessions have ended.",
  "loss.doneNotified": "Your practice owner and the operator have been told by email.",
  "loss.newCredentialsIntro":
    "The locked credentials stay locked. New ones come from your practice owner (an invitation with an activation code sent separately).",
  "loss.newCredentials": "Request new credentials",
  "loss.newCredentialsRequested": "Your request has been sent to your practice owner.",
  "loss.newCredentialsExpired": "This request has expired. Please contact your practice owner directly.",

  "mail.memberLocked.subject": "Your access to a practice has been locked",
  "mail.memberLocked.body":
    "Hello,\n\nyour access to the practice “{practice}” in Kartei has been locked by the practice management, and all your sessions have ended. If you have questions, please contact the practice management.\n\nKartei",
  "mail.practiceLocked.subject": "Every credential of your practice has been locked",
  "mail.practiceLocked.body":
    "Hello,\n\nbecause of suspected misuse, every credential of the practice “{practice}” in Kartei has been locked, yours too, and all sessions have ended. You will get new credentials from the practice management.\n\nKartei",
  "mail.lossReported.subject": "Loss report: credentials locked",
  "mail.lossReported.body":
    "Hello,\n\n{person} ({email}) reported a loss or suspected misuse at {at}. Locked: {what}. All of the person's sessions have ended.\n\nIssue new credentials through an invitation with an activation code; the locked ones stay locked.\n\nKartei",
  "mail.lossReported.one": "the named second factor",
  "mail.lossReported.all": "all second factors and recovery codes",
  "mail.newCredentials.subject": "Request: new credentials",
  "mail.newCredentials.body":
    "Hello,\n\n{person} ({email}) asks for new credentials after a loss report. Please check the request in person and invite them again (invitation link and activation code by separate channels).\n\nKartei",
  "mail.autoLocked.subject": "Your Kartei account has been locked",
  "mail.autoLocked.body":
    "Hello,\n\nyou have not belonged to any practice in Kartei for a long time. Your account has therefore been locked automatically, and all your sessions have ended. If you need access again, please contact a practice or the operator.\n\nKartei",
};
