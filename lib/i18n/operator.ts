// Catalogue of the operator console, the terms of use (accepting, objecting, publishing) and
// closed registration.
export const OPERATOR_DE = {
  "operator.title": "Betreiberkonsole",
  "operator.practices": "Praxen",
  "operator.people": "Personen",
  "operator.noPatientData": "Die Konsole zeigt Praxen und Personen, niemals Patientendaten.",
  "operator.reason": "Begründung",
  "operator.reasonHint": "Wird im Protokoll gespeichert.",
  "operator.supportCheckDone": "Die Identität der Person wurde geprüft (Support-Prüfung durchgeführt).",
  "operator.supportCheckRequired": "Bitte bestätigen Sie die Support-Prüfung.",

  "operator.practice.name": "Praxis",
  "operator.practice.status": "Status",
  "operator.practice.created": "Angelegt",
  "operator.practice.members": "Mitglieder",
  "operator.practice.state": "Zustand der Praxis",
  "operator.practice.createdOn": "Angelegt am {date}",
  "operator.practice.lock": "Praxis sperren",
  "operator.practice.unlock": "Praxis entsperren",
  "operator.state.active": "aktiv",
  "operator.state.locked": "gesperrt",
  "operator.membershipState": "Mitgliedschaft",
  "operator.accountState": "Konto",
  "operator.membership.current": "aktiv",
  "operator.membership.locked": "gesperrt",
  "operator.membership.ended": "beendet",
  "operator.memberships": "Mitgliedschaften",

  "operator.account.title": "Konto",
  "operator.account.unverified": "nicht bestätigt",
  "operator.account.active": "aktiv",
  "operator.account.locked": "gesperrt",
  "operator.account.lock": "Konto sperren",
  "operator.account.unlock": "Konto entsperren",
  "operator.account.autoLockExtendedUntil": "Automatische Sperre aufgeschoben bis",

  "operator.factors.title": "Zweite Faktoren",
  "operator.factors.none": "Keine zweiten Faktoren: Die Person richtet bei der nächsten Anmeldung einen neuen ein.",
  "operator.factors.reset": "Zweite Faktoren zurücksetzen",
  "operator.factors.resetExplained":
    "Alle zweiten Faktoren und Wiederherstellungscodes der Person werden gelöscht und alle Sitzungen beendet. Bei der nächsten Anmeldung muss sie einen neuen Faktor einrichten.",
  "operator.factorKind.totp": "Authenticator-App",
  "operator.factorKind.webauthn": "Sicherheitsschlüssel",
  "operator.factorKind.yubico_otp": "YubiKey",
  "operator.factorStatus.pending": "in Einrichtung",
  "operator.factorStatus.active": "aktiv",
  "operator.factorStatus.locked": "gesperrt",
  "operator.yubikey.resync": "YubiKey neu synchronisieren",
  "operator.yubikey.resyncExplained":
    "Setzt die gespeicherten Zähler des YubiKeys auf null, etwa nachdem der Schlüssel neu programmiert wurde.",
  "operator.yubikey.which": "YubiKey",

  "operator.autoLock.title": "Automatische Sperre aufschieben",
  "operator.autoLock.explained":
    "Ein Konto ohne aktive Mitgliedschaft wird am Ende des vierten Kalenderquartals nach dem Ende der letzten Mitgliedschaft gesperrt. Bis zu diesem Tag wird die Sperre aufgeschoben.",
  "operator.autoLock.until": "Aufschieben bis (JJJJ-MM-TT)",
  "operator.autoLock.extend": "Sperre aufschieben",
  "operator.autoLock.invalidDate": "Bitte ein gültiges Datum im Format JJJJ-MM-TT angeben.",
  "operator.autoLock.mustBeFuture": "Das Datum muss in der Zukunft liegen.",

  "operator.registration.title": "Öffentliche Registrierung",
  "operator.registration.isOpen": "Neue Praxen können sich derzeit selbst registrieren.",
  "operator.registration.isClosed": "Die öffentliche Registrierung ist geschlossen.",
  "operator.registration.close": "Registrierung schließen",
  "operator.registration.open": "Registrierung öffnen",

  "operator.events.title": "Sperren und Verlustmeldungen",
  "operator.events.lockouts": "Sperren nach Fehlversuchen",
  "operator.events.lossReports": "Verlustmeldungen",
  "operator.events.none": "Keine Einträge.",
  "operator.events.when": "Zeitpunkt",
  "operator.events.what": "Ereignis",

  "operator.terms.title": "Nutzungsbedingungen",
  "operator.terms.versions": "Veröffentlichte Fassungen",
  "operator.terms.version": "Fassung",
  "operator.terms.versionHint": "Eine neue Bezeichnung, z. B. 2027-01.",
  "operator.terms.versionInvalid": "Nur Buchstaben, Ziffern, Punkt, Binde- und Unterstrich.",
  "operator.terms.versionTaken": "Diese Fassung gibt es bereits.",
  "operator.terms.publishedAt": "Veröffentlicht",
  "operator.terms.publishedBy": "Von",
  "operator.terms.current": "gültig",
  "operator.terms.shipped": "mit Kartei ausgeliefert",
  "operator.terms.publish": "Neue Fassung veröffentlichen",
  "operator.terms.publishExplained":
    "Die neue Fassung gilt sofort. Alle Personen werden per E-Mail informiert und müssen ihr bei der nächsten Anmeldung zustimmen oder widersprechen. Absätze durch Leerzeilen trennen.",
  "operator.terms.titleDe": "Titel (Deutsch)",
  "operator.terms.bodyDe": "Text (Deutsch)",
  "operator.terms.titleEn": "Titel (Englisch)",
  "operator.terms.bodyEn": "Text (Englisch)",

  "operator.notice.changed": "Die Änderung wurde gespeichert.",
  "operator.notice.unchanged": "Es war bereits so; nichts wurde geändert.",
  "operator.notice.factorsReset":
    "Die zweiten Faktoren wurden gelöscht; die Person richtet bei der nächsten Anmeldung einen neuen ein.",
  "operator.notice.resynchronised": "Der YubiKey wurde neu synchronisiert.",
  "operator.notice.extended": "Die automatische Sperre wurde aufgeschoben.",
  "operator.notice.published": "Die neue Fassung ist veröffentlicht.",

  "termsAcceptance.title": "Neue Nutzungsbedingungen",
  "termsAcceptance.intro":
    "Die Nutzungsbedingungen wurden geändert. Bitte lesen Sie die neue Fassung und stimmen Sie ihr zu, bevor Sie weiterarbeiten.",
  "termsAcceptance.accept": "Ich stimme zu",
  "termsAcceptance.objectTitle": "Widersprechen",
  "termsAcceptance.objectExplained":
    "Wenn Sie widersprechen, wird Ihr Widerspruch gespeichert, die Inhaberin oder der Inhaber Ihrer Praxis und der Betreiber werden informiert, und Sie werden abgemeldet. Ohne Zustimmung können Sie Kartei nicht nutzen.",
  "termsAcceptance.object": "Ich widerspreche",
  "termsAcceptance.changedMeanwhile":
    "Inzwischen wurde eine neuere Fassung veröffentlicht. Bitte lesen Sie diese Fassung.",
  "termsAcceptance.objectedTitle": "Widerspruch gespeichert",
  "termsAcceptance.objectedBody":
    "Ihr Widerspruch gegen die Nutzungsbedingungen ist gespeichert, und die Verantwortlichen sind informiert. Sie wurden abgemeldet. Sie können den Bedingungen bei einer späteren Anmeldung noch zustimmen.",

  "registrationClosed.title": "Registrierung geschlossen",
  "registrationClosed.body":
    "Auf dieser Installation können sich derzeit keine neuen Praxen registrieren. Wenden Sie sich an den Betreiber, wenn Sie einen Zugang benötigen.",

  "mail.newTerms.subject": "Neue Nutzungsbedingungen für Kartei",
  "mail.newTerms.body":
    "Guten Tag,\n\ndie Nutzungsbedingungen für Kartei wurden geändert (Fassung {version}). Sie können die neue Fassung hier lesen:\n{termsUrl}\n\nBei Ihrer nächsten Anmeldung werden Sie gebeten, ihr zuzustimmen oder zu widersprechen.\n\nIhr Kartei-Team",
  "mail.termsObjection.subject": "Widerspruch gegen die Nutzungsbedingungen",
  "mail.termsObjection.ownerBody":
    "Guten Tag,\n\n{name} ({email}) aus Ihrer Praxis „{practice}“ hat der Fassung {version} der Nutzungsbedingungen widersprochen und kann Kartei bis zu einer Zustimmung nicht nutzen.\n\nIhr Kartei-Team",
  "mail.termsObjection.operatorBody":
    "Guten Tag,\n\n{name} ({email}) hat der Fassung {version} der Nutzungsbedingungen widersprochen und kann Kartei bis zu einer Zustimmung nicht nutzen.\n\nIhr Kartei-Team",
  "mail.operatorPracticeLocked.subject": "Ihre Praxis wurde vom Betrieb gesperrt",
  "mail.operatorPracticeLocked.body":
    "Guten Tag,\n\nder Betrieb von Kartei hat die Praxis „{practice}“ gesperrt. Bis zur Entsperrung kann niemand aus der Praxis sie nutzen. Bei Fragen wenden Sie sich bitte an den Betrieb.\n\nIhr Kartei-Team",
  "mail.operatorPracticeUnlocked.subject": "Ihre Praxis wurde wieder freigegeben",
  "mail.operatorPracticeUnlocked.body":
    "Guten Tag,\n\nder Betrieb von Kartei hat die Sperre der Praxis „{practice}“ aufgehoben. Die Mitglieder der Praxis können sie wieder nutzen.\n\nIhr Kartei-Team",
  "mail.operatorAccountLocked.subject": "Ihr Kartei-Konto wurde gesperrt",
  "mail.operatorAccountLocked.body":
    "Guten Tag,\n\nder Betrieb von Kartei hat Ihr Konto gesperrt, und alle Ihre Sitzungen wurden beendet. Bis zur Entsperrung können Sie sich nicht anmelden. Bei Fragen wenden Sie sich bitte an den Betrieb.\n\nIhr Kartei-Team",
  "mail.operatorAccountUnlocked.subject": "Ihr Kartei-Konto wurde wieder freigegeben",
  "mail.operatorAccountUnlocked.body":
    "Guten Tag,\n\nder Betrieb von Kartei hat die Sperre Ihres Kontos aufgehoben. Sie können sich wieder anmelden.\n\nIhr Kartei-Team",
} as const;

export const OPERATOR_EN: Record<keyof typeof OPERATOR_DE, string> = {
  "operator.title": "Operator console",
  "operator.practices": "Practices",
  "operator.people": "People",
  "operator.noPatientData": "The console shows practices and people, never patient data.",
  "operator.reason": "Reason",
  "operator.reasonHint": "Kept in the audit log.",
  "operator.supportCheckDone": "The person's identity has been checked (support check done).",
  "operator.supportCheckRequired": "Please confirm the support check.",

  "operator.practice.name": "Practice",
  "operator.practice.status": "Status",
  "operator.practice.created": "Created",
  "operator.practice.members": "Members",
  "operator.practice.state": "State of the practice",
  "operator.practice.createdOn": "Created on {date}",
  "operator.practice.lock": "Lock practice",
  "operator.practice.unlock": "Unlock practice",
  "operator.state.active": "active",
  "operator.state.locked": "locked",
  "operator.membershipState": "Membership",
  "operator.accountState": "Account",
  "operator.membership.current": "active",
  "operator.membership.locked": "locked",
  "operator.membership.ended": "ended",
  "operator.memberships": "Memberships",

  "operator.account.title": "Account",
  "operator.account.unverified": "not confirmed",
  "operator.account.active": "active",
  "operator.account.locked": "locked",
  "operator.account.lock": "Lock account",
  "operator.account.unlock": "Unlock account",
  "operator.account.autoLockExtendedUntil": "Automatic lock postponed until",

  "operator.factors.title": "Second factors",
  "operator.factors.none": "No second factors: the person sets up a new one at their next sign-in.",
  "operator.factors.reset": "Reset second factors",
  "operator.factors.resetExplained":
    "Every second factor and recovery code of the person is deleted and every session ends. At their next sign-in they must set up a new factor.",
  "operator.factorKind.totp": "Authenticator app",
  "operator.factorKind.webauthn": "Security key",
  "operator.factorKind.yubico_otp": "YubiKey",
  "operator.factorStatus.pending": "being set up",
  "operator.factorStatus.active": "active",
  "operator.factorStatus.locked": "locked",
  "operator.yubikey.resync": "Resynchronise YubiKey",
  "operator.yubikey.resyncExplained":
    "Resets the YubiKey's stored counters to zero, for instance after the key was reprogrammed.",
  "operator.yubikey.which": "YubiKey",

  "operator.autoLock.title": "Postpone the automatic lock",
  "operator.autoLock.explained":
    "An account without an active membership is locked at the end of the fourth calendar quarter after its last membership ended. The lock is postponed until this day.",
  "operator.autoLock.until": "Postpone until (YYYY-MM-DD)",
  "operator.autoLock.extend": "Postpone lock",
  "operator.autoLock.invalidDate": "Please give a valid date as YYYY-MM-DD.",
  "operator.autoLock.mustBeFuture": "The date must be in the future.",

  "operator.registration.title": "Public registration",
  "operator.registration.isOpen": "New practices can currently register themselves.",
  "operator.registration.isClosed": "Public registration is closed.",
  "operator.registration.close": "Close registration",
  "operator.registration.open": "Open registration",

  "operator.events.title": "Lockouts and loss reports",
  "operator.events.lockouts": "Lockouts after failed attempts",
  "operator.events.lossReports": "Loss reports",
  "operator.events.none": "No entries.",
  "operator.events.when": "When",
  "operator.events.what": "Event",

  "operator.terms.title": "Terms of use",
  "operator.terms.versions": "Published versions",
  "operator.terms.version": "Version",
  "operator.terms.versionHint": "A new name, e.g. 2027-01.",
  "operator.terms.versionInvalid": "Only letters, digits, dot, hyphen and underscore.",
  "operator.terms.versionTaken": "This version exists already.",
  "operator.terms.publishedAt": "Published",
  "operator.terms.publishedBy": "By",
  "operator.terms.current": "in force",
  "operator.terms.shipped": "shipped with Kartei",
  "operator.terms.publish": "Publish a new version",
  "operator.terms.publishExplained":
    "The new version is in force at once. Everyone is told by email and must accept it or object at their next sign-in. Separate paragraphs by blank lines.",
  "operator.terms.titleDe": "Title (German)",
  "operator.terms.bodyDe": "Text (German)",
  "operator.terms.titleEn": "Title (English)",
  "operator.terms.bodyEn": "Text (English)",

  "operator.notice.changed": "The change has been saved.",
  "operator.notice.unchanged": "It was so already; nothing was changed.",
  "operator.notice.factorsReset": "The second factors have been deleted; the person sets up a new one at next sign-in.",
  "operator.notice.resynchronised": "The YubiKey has been resynchronised.",
  "operator.notice.extended": "The automatic lock has been postponed.",
  "operator.notice.published": "The new version is published.",

  "termsAcceptance.title": "New terms of use",
  "termsAcceptance.intro":
    "The terms of use have changed. Please read the new version and accept it before you continue.",
  "termsAcceptance.accept": "I accept",
  "termsAcceptance.objectTitle": "Object",
  "termsAcceptance.objectExplained":
    "If you object, your objection is recorded, your practice's owner and the operator are told, and you are signed out. Without accepting, you cannot use Kartei.",
  "termsAcceptance.object": "I object",
  "termsAcceptance.changedMeanwhile": "A newer version has been published meanwhile. Please read this version.",
  "termsAcceptance.objectedTitle": "Objection recorded",
  "termsAcceptance.objectedBody":
    "Your objection to the terms of use has been recorded and the people responsible have been told. You have been signed out. You can still accept the terms at a later sign-in.",

  "registrationClosed.title": "Registration closed",
  "registrationClosed.body":
    "New practices cannot register on this installation at the moment. Please contact the operator if you need access.",

  "mail.newTerms.subject": "New terms of use for Kartei",
  "mail.newTerms.body":
    "Hello,\n\nthe terms of use for Kartei have changed (version {version}). You can read the new version here:\n{termsUrl}\n\nAt your next sign-in you will be asked to accept it or object.\n\nYour Kartei team",
  "mail.termsObjection.subject": "Objection to the terms of use",
  "mail.termsObjection.ownerBody":
    'Hello,\n\n{name} ({email}) of your practice "{practice}" has objected to version {version} of the terms of use and cannot use Kartei until they accept.\n\nYour Kartei team',
  "mail.termsObjection.operatorBody":
    "Hello,\n\n{name} ({email}) has objected to version {version} of the terms of use and cannot use Kartei until they accept.\n\nYour Kartei team",
  "mail.operatorPracticeLocked.subject": "Your practice has been locked by the operator",
  "mail.operatorPracticeLocked.body":
    "Hello,\n\nthe operator of Kartei has locked the practice “{practice}”. Until it is unlocked, nobody of the practice can use it. If you have questions, please contact the operator.\n\nYour Kartei team",
  "mail.operatorPracticeUnlocked.subject": "Your practice has been unlocked",
  "mail.operatorPracticeUnlocked.body":
    "Hello,\n\nthe operator of Kartei has lifted the lock of the practice “{practice}”. Its members can use it again.\n\nYour Kartei team",
  "mail.operatorAccountLocked.subject": "Your Kartei account has been locked",
  "mail.operatorAccountLocked.body":
    "Hello,\n\nthe operator of Kartei has locked your account, and all your sessions have ended. Until it is unlocked you cannot sign in. If you have questions, please contact the operator.\n\nYour Kartei team",
  "mail.operatorAccountUnlocked.subject": "Your Kartei account has been unlocked",
  "mail.operatorAccountUnlocked.body":
    "Hello,\n\nthe operator of Kartei has lifted the lock of your account. You can sign in again.\n\nYour Kartei team",
};
