// German message catalogue: the source of all keys. Placeholders look like {name}.
import { TEAM_DE } from "./team.ts";
import { LOCKS_DE } from "./locks.ts";
import { OPERATOR_DE } from "./operator.ts";
import { ACCESS_DE } from "./access.ts";
import { ONBOARDING_DE } from "./onboarding.ts";
import { REISSUE_DE } from "./reissue.ts";
import { MEMBER_KEYS_DE } from "./member-keys.ts";
import { PATIENTS_DE } from "./patients.ts";
import { CALENDAR_DE } from "./calendar.ts";
import { CALENDAR_VIEWS_DE } from "./calendar-views.ts";
import { AVAILABILITY_DE } from "./availability.ts";
import { APPOINTMENT_TYPES_DE } from "./appointment-types.ts";
import { PATIENT_MESSAGES_DE } from "./patient-messages.ts";
import { QUICK_BOOKING_DE } from "./quick-booking.ts";
import { DOCUMENTATION_DE } from "./documentation.ts";
import { DOCUMENTS_DE } from "./documents.ts";
import { FAULTS_DE } from "./faults.ts";
import { FIRST_RUN_DE } from "./first-run.ts";
import { TODAY_DE } from "./today.ts";
import { NOTICES_DE } from "./notices.ts";
import { PROTOCOL_DE } from "./protocol.ts";
import { AUDIT_DE } from "./audit.ts";
import { OPERATIONS_DE } from "./operations.ts";
import { ONLINE_BOOKING_DE } from "./online-booking.ts";
import { SHELL_DE } from "./shell.ts";
import { BILLING_PDF_DE } from "./billing-pdf.ts";
import { BILLING_DE } from "./billing.ts";
import { BILLING_PATIENTS_DE } from "./billing-patients.ts";
import { IMPORTS_DE } from "./imports.ts";
import { BILLING_EXPORTS_DE } from "./billing-exports.ts";
import { DUNNING_DE } from "./dunning.ts";
import { BILLING_REPORTS_DE } from "./billing-reports.ts";
import { PROCEDURE_DE } from "./procedure.ts";

export const de = {
  ...TEAM_DE,
  ...LOCKS_DE,
  ...AUDIT_DE,
  ...OPERATOR_DE,
  ...ACCESS_DE,
  ...ONBOARDING_DE,
  ...REISSUE_DE,
  ...MEMBER_KEYS_DE,
  ...PATIENTS_DE,
  ...CALENDAR_DE,
  ...CALENDAR_VIEWS_DE,
  ...AVAILABILITY_DE,
  ...APPOINTMENT_TYPES_DE,
  ...PATIENT_MESSAGES_DE,
  ...QUICK_BOOKING_DE,
  ...DOCUMENTATION_DE,
  ...DOCUMENTS_DE,
  ...FAULTS_DE,
  ...FIRST_RUN_DE,
  ...TODAY_DE,
  ...NOTICES_DE,
  ...PROTOCOL_DE,
  ...OPERATIONS_DE,
  ...ONLINE_BOOKING_DE,
  ...SHELL_DE,
  ...BILLING_PDF_DE,
  ...BILLING_DE,
  ...BILLING_PATIENTS_DE,
  ...IMPORTS_DE,
  ...BILLING_EXPORTS_DE,
  ...DUNNING_DE,
  ...BILLING_REPORTS_DE,
  ...PROCEDURE_DE,
  "app.name": "Kartei",
  "app.tagline": "Praxisverwaltung mit Anmeldung durch Wissen und Besitz",
  "nav.patients": "Patienten",
  "nav.calendar": "Kalender",
  "nav.signIn": "Anmelden",
  "nav.register": "Praxis registrieren",
  "nav.signOut": "Abmelden",
  "nav.home": "Übersicht",
  "nav.security": "Sicherheit",
  "nav.terms": "Nutzungsbedingungen",
  "nav.skipToContent": "Zum Inhalt springen",
  "language.label": "Sprache",
  "language.de": "Deutsch",
  "language.en": "English",
  "language.switch": "Sprache wechseln",

  "form.required": "Bitte ausfüllen.",
  "form.tooLong": "Höchstens {max} Zeichen.",
  "form.invalidCharacters": "Enthält Zeichen, die hier nicht erlaubt sind.",
  "form.invalidEmail": "Bitte eine gültige E-Mail-Adresse angeben.",
  "form.errorSummary": "Bitte die markierten Felder korrigieren.",
  "form.submit": "Absenden",

  "password.tooShort": "Mindestens {min} Zeichen.",
  "password.tooLong": "Höchstens {max} Zeichen.",
  "password.common": "Dieses Passwort ist zu verbreitet und leicht zu erraten.",
  "password.containsPersonal":
    "Das Passwort darf weder Ihren Namen noch den Teil Ihrer E-Mail-Adresse vor dem @ enthalten.",
  "password.mismatch": "Die beiden Passwörter stimmen nicht überein.",
  "password.ok": "Das Passwort erfüllt die Regeln.",
  "password.hint":
    "Mindestens 12 Zeichen; ein Satz aus mehreren Wörtern ist gut zu merken und schwer zu erraten. Lassen Sie das Passwort nicht vom Browser speichern.",

  "register.title": "Praxis registrieren",
  "register.intro":
    "Legen Sie Ihre Praxis an. Sie werden Praxisinhaberin oder Praxisinhaber und können später Ihr Team einladen.",
  "register.practiceName": "Name der Praxis",
  "register.ownerName": "Ihr Name",
  "register.email": "E-Mail-Adresse",
  "register.password": "Passwort",
  "register.passwordConfirmation": "Passwort wiederholen",
  "register.acceptTerms": "Ich habe die Nutzungsbedingungen (Fassung {version}) gelesen und akzeptiere sie.",
  "register.readTerms": "Nutzungsbedingungen lesen",
  "register.termsRequired": "Ohne Zustimmung zu den Nutzungsbedingungen ist keine Registrierung möglich.",
  "register.submit": "Registrieren",
  "register.haveAccount": "Schon registriert?",

  "verify.title": "E-Mail-Adresse bestätigen",
  "verify.intro": "Wir haben einen Bestätigungscode an {email} geschickt. Er gilt 15 Minuten.",
  "verify.code": "Bestätigungscode",
  "verify.submit": "Bestätigen",
  "verify.invalid": "Der Code ist falsch oder abgelaufen.",
  "verify.exhausted":
    "Zu viele Versuche oder abgelaufen. Melden Sie sich mit E-Mail und Passwort an, um einen neuen Code zu erhalten.",
  "verify.done": "Ihre E-Mail-Adresse ist bestätigt. Sie können sich jetzt anmelden.",
  "verify.newCodeSent": "Ihr Konto ist noch nicht bestätigt. Wir haben Ihnen einen neuen Code geschickt.",

  "signIn.title": "Anmelden",
  "signIn.email": "E-Mail-Adresse",
  "signIn.password": "Passwort",
  "signIn.submit": "Anmelden",
  "signIn.failed": "E-Mail-Adresse oder Passwort ist falsch.",
  "signIn.noAccount": "Noch keine Praxis angelegt?",
  "signIn.signedOut": "Sie sind abgemeldet.",

  "home.title": "Übersicht",
  "home.welcome": "Willkommen, {name}.",
  "home.practice": "Praxis: {practice}",

  "terms.title": "Nutzungsbedingungen",
  "terms.version": "Fassung {version}, gültig ab {date}",

  "outbox.title": "Postausgang (Entwicklung)",
  "outbox.intro": "Ohne SMTP_URL landen E-Mails im Entwicklungsmodus hier statt im Postfach.",
  "outbox.empty": "Keine E-Mails.",
  "outbox.to": "An",
  "outbox.subject": "Betreff",
  "outbox.createdAt": "Erstellt",

  "error.notFound.title": "Seite nicht gefunden",
  "error.notFound.body": "Diese Adresse gibt es nicht, oder Sie haben keinen Zugriff darauf.",
  "error.badRequest.title": "Ungültige Anfrage",
  "error.badRequest.body": "Die Anfrage konnte nicht verarbeitet werden.",
  "error.tooLarge.title": "Eingabe zu groß",
  "error.tooLarge.body": "Die gesendeten Daten überschreiten die zulässige Größe.",
  "error.forbidden.title": "Anfrage abgelehnt",
  "error.csrf.body":
    "Das Formular ist abgelaufen oder stammt nicht von dieser Seite. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.",
  "error.server.title": "Ein Fehler ist aufgetreten",
  "error.server.body":
    "Das hätte nicht passieren dürfen. Bitte versuchen Sie es noch einmal. Wenn der Fehler bleibt, nennen Sie dem Betrieb diese Kennung:",
  "error.tooMany.title": "Zu viele Anfragen",
  "error.tooMany.body":
    "Von dieser Adresse kamen in kurzer Zeit zu viele Anfragen. Bitte versuchen Sie es in einer Stunde noch einmal.",
  "error.busy.title": "Gerade ausgelastet",
  "error.busy.body":
    "Kartei bearbeitet gerade sehr viele Anmeldungen. Bitte versuchen Sie es in einem Moment noch einmal.",
  "error.backHome": "Zur Startseite",

  "mail.verification.subject": "Ihr Bestätigungscode für Kartei",
  "mail.verification.body":
    "Guten Tag,\n\nIhr Bestätigungscode lautet: {code}\n\nEr gilt 15 Minuten und kann nur einmal verwendet werden. Wenn Sie sich nicht bei Kartei registriert haben, können Sie diese E-Mail ignorieren.\n\nKartei",
  "mail.alreadyRegistered.subject": "Registrierungsversuch mit Ihrer E-Mail-Adresse",
  "mail.alreadyRegistered.body":
    "Guten Tag,\n\njemand hat versucht, mit Ihrer E-Mail-Adresse eine neue Praxis bei Kartei zu registrieren. Für diese Adresse besteht bereits ein Konto. Wenn Sie das waren, melden Sie sich einfach an: {signInUrl}\n\nWenn nicht, müssen Sie nichts tun.\n\nKartei",

  "signIn.tooManyFromAddress": "Zu viele Fehlversuche von dieser Adresse. Bitte warten Sie 15 Minuten.",
  "signIn.forgotPassword": "Passwort vergessen?",
  "signIn.lockedOut":
    "Zu viele Fehlversuche: Ihr Zugang ist vorübergehend gesperrt. Bitte versuchen Sie es später noch einmal.",
  "signIn.passwordChanged": "Ihr Passwort wurde geändert. Bitte melden Sie sich neu an.",
  "signIn.factorLocked": "Der Faktor ist gesperrt und alle Ihre Sitzungen wurden beendet.",

  "secondFactor.title": "Zweiter Faktor",
  "secondFactor.intro": "Bestätigen Sie die Anmeldung mit etwas, das Sie besitzen.",
  "secondFactor.stepUpTitle": "Bitte bestätigen Sie sich erneut",
  "secondFactor.stepUpIntro":
    "Für diese Aktion ist eine Bestätigung mit Ihrem zweiten Faktor nötig, die höchstens 10 Minuten zurückliegt.",
  "secondFactor.code": "Code",
  "secondFactor.codeHint":
    "Sechsstelliger Code aus der Authenticator-App, YubiKey kurz berühren, oder ein Wiederherstellungscode.",
  "secondFactor.submit": "Bestätigen",
  "secondFactor.invalid": "Der Code ist falsch oder wurde bereits verwendet.",
  "secondFactor.webauthnRequired": "Ihre Praxis verlangt von Praxisinhabern einen Sicherheitsschlüssel oder Passkey.",
  "secondFactor.or": "oder",
  "secondFactor.lost": "Kein Zugriff auf Ihren zweiten Faktor? Verwenden Sie einen Wiederherstellungscode.",

  "security.title": "Sicherheit",
  "security.factors": "Zweite Faktoren",
  "security.factorName": "Name",
  "security.factorKind": "Art",
  "security.factorAdded": "Eingerichtet",
  "security.factorLastUsed": "Zuletzt verwendet",
  "security.factorStatus": "Status",
  "security.never": "nie",
  "security.statusActive": "aktiv",
  "security.statusLocked": "gesperrt",
  "security.kind.totp": "Authenticator-App",
  "security.kind.webauthn": "Sicherheitsschlüssel / Passkey",
  "security.kind.yubico_otp": "YubiKey (OTP)",
  "security.remove": "Entfernen",
  "security.reportLost": "Verloren melden",
  "security.cannotRemoveLast":
    "Der letzte zweite Faktor kann nicht entfernt werden. Richten Sie zuerst einen weiteren ein.",
  "security.factorRemoved": "Der Faktor wurde entfernt.",
  "security.addFactor": "Weiteren Faktor einrichten",
  "security.addTotp": "Authenticator-App einrichten",
  "security.addYubikey": "YubiKey (OTP) einrichten",
  "security.recoveryCodes": "Wiederherstellungscodes",
  "security.recoveryCodesLeft": { one: "Noch {count} unbenutzter Code.", other: "Noch {count} unbenutzte Codes." },
  "security.sessions": "Angemeldete Geräte",
  "security.sessionDevice": "Gerät",
  "security.sessionStarted": "Angemeldet",
  "security.sessionLastSeen": "Zuletzt aktiv",
  "security.sessionAddress": "Adresse",
  "security.sessionCurrent": "diese Sitzung",
  "security.sessionEnd": "Beenden",
  "security.sessionEnded": "Die Sitzung wurde beendet.",
  "security.password": "Passwort",
  "security.changePassword": "Passwort ändern",
  "security.policy": "Anmelderegeln der Praxis",
  "security.policyPasswordDays": "Passwort nach so vielen Tagen ändern (0 = nie)",
  "security.policyPasswordDaysHint":
    "Das BSI und das NIST raten von erzwungenem Wechsel ab; schalten Sie ihn nur ein, wenn Regeln Ihrer Kammer oder KV es verlangen.",
  "security.policyOwnersNeedWebauthn": "Praxisinhaber müssen sich mit Sicherheitsschlüssel oder Passkey anmelden",
  "security.policySave": "Regeln speichern",
  "security.policySaved": "Die Regeln wurden gespeichert.",
  "security.factorAddedNotice": "Der zweite Faktor ist eingerichtet.",

  "enrol.title": "Zweiten Faktor einrichten",
  "enrol.intro":
    "Bevor Sie Kartei verwenden, richten Sie einen zweiten Faktor ein: etwas, das nur Sie besitzen. Ohne ihn werden keine personenbezogenen Daten angezeigt.",
  "enrol.totpTitle": "Authenticator-App",
  "enrol.totpBody":
    "Eine App auf Ihrem Telefon (z. B. FreeOTP, Aegis, Google oder Microsoft Authenticator) erzeugt alle 30 Sekunden einen Code.",
  "enrol.webauthnTitle": "Sicherheitsschlüssel oder Passkey",
  "enrol.webauthnBody":
    "Ein Schlüssel wie der YubiKey 5 per USB oder NFC, oder ein Passkey Ihres Geräts. Schützt am besten vor Phishing.",
  "enrol.yubikeyTitle": "YubiKey (Einmalpasswort)",
  "enrol.yubikeyBody":
    "Ein YubiKey, der beim Berühren ein Einmalpasswort eintippt. Sie brauchen die Daten aus dem YubiKey Personalization Tool.",
  "enrol.start": "Einrichten",

  "totp.title": "Authenticator-App einrichten",
  "totp.scan": "Scannen Sie den QR-Code mit Ihrer App oder geben Sie den Schlüssel von Hand ein.",
  "totp.qrAlt": "QR-Code für die Authenticator-App",
  "totp.secret": "Schlüssel",
  "totp.name": "Name für diesen Faktor",
  "totp.defaultName": "Authenticator-App",
  "totp.code": "Sechsstelliger Code aus der App",
  "totp.submit": "Bestätigen und einrichten",
  "totp.expired": "Die Einrichtung ist abgelaufen. Bitte beginnen Sie neu.",

  "yubikey.title": "YubiKey (Einmalpasswort) einrichten",
  "yubikey.intro":
    "Fügen Sie die Zeile aus der Protokolldatei des YubiKey Personalization Tool ein oder geben Sie die drei Werte einzeln ein. Berühren Sie dann den Schlüssel im letzten Feld.",
  "yubikey.name": "Name für diesen Schlüssel",
  "yubikey.defaultName": "YubiKey",
  "yubikey.csv": "Zeile aus configuration_log.csv",
  "yubikey.publicId": "Öffentliche ID (Modhex, 12 Zeichen)",
  "yubikey.privateId": "Private ID (hex, 12 Zeichen)",
  "yubikey.aesKey": "AES-Schlüssel (hex, 32 Zeichen)",
  "yubikey.otp": "Einmalpasswort (Schlüssel berühren)",
  "yubikey.submit": "Prüfen und einrichten",
  "yubikey.csvInvalid": "Die Zeile ist kein Yubico-OTP-Eintrag des Personalization Tool.",
  "yubikey.publicIdInvalid": "12 Zeichen aus cbdefghijklnrtuv.",
  "yubikey.privateIdInvalid": "12 Hexadezimalzeichen.",
  "yubikey.aesKeyInvalid": "32 Hexadezimalzeichen.",
  "yubikey.taken": "Dieser Schlüssel ist bereits eingerichtet.",
  "yubikey.otpMismatch": "Das Einmalpasswort passt nicht zu diesen Schlüsseldaten.",
  "yubikey.otpInvalid": "Bitte den Schlüssel berühren: er tippt 44 Zeichen.",

  "recovery.title": "Wiederherstellungscodes",
  "recovery.intro":
    "Mit einem Wiederherstellungscode melden Sie sich an, wenn Ihr zweiter Faktor verloren ist. Jeder Code gilt einmal.",
  "recovery.left": {
    one: "Sie haben noch {count} unbenutzten Code.",
    other: "Sie haben noch {count} unbenutzte Codes.",
  },
  "recovery.none": "Sie haben noch keine Wiederherstellungscodes.",
  "recovery.generate": "Neue Codes erzeugen",
  "recovery.generateHint": "Neue Codes ersetzen alle bisherigen.",
  "recovery.shownOnce":
    "Notieren oder drucken Sie diese Codes jetzt und bewahren Sie sie getrennt von Ihrem Schlüssel auf. Sie werden nicht wieder angezeigt; alle früheren Codes gelten nicht mehr.",
  "recovery.continue": "Weiter",

  "password.changeTitle": "Passwort ändern",
  "password.expired": "Ihr Passwort ist abgelaufen. Bitte legen Sie ein neues fest, bevor Sie weiterarbeiten.",
  "password.current": "Aktuelles Passwort",
  "password.new": "Neues Passwort",
  "password.confirmNew": "Neues Passwort wiederholen",
  "password.currentWrong": "Das aktuelle Passwort ist falsch.",
  "password.reused": "Dieses Passwort haben Sie vor Kurzem verwendet. Bitte wählen Sie ein anderes.",
  "password.sendCode": "Bestätigungscode senden",
  "password.codeTitle": "Passwortänderung bestätigen",
  "password.codeIntro":
    "Wir haben einen Bestätigungscode an {email} geschickt. Erst mit dem Code wird das neue Passwort gültig.",
  "password.confirm": "Passwort ändern",
  "password.forgotTitle": "Passwort vergessen",
  "password.forgotIntro":
    "Geben Sie Ihre E-Mail-Adresse ein. Wenn ein Konto dazu besteht, senden wir einen Code. Danach bestätigen Sie sich mit Ihrem zweiten Faktor oder einem Wiederherstellungscode.",
  "password.forgotSubmit": "Code senden",
  "password.resetCodeTitle": "Code eingeben",
  "password.resetCodeIntro":
    "Wenn ein Konto zu {email} besteht, haben wir einen Code dorthin geschickt. Er gilt 15 Minuten.",
  "password.newTitle": "Neues Passwort festlegen",
  "password.newSubmit": "Passwort speichern",

  "mail.passwordChange.subject": "Bestätigungscode für Ihre Passwortänderung",
  "mail.passwordChange.body":
    "Guten Tag,\n\nIhr Bestätigungscode für die Änderung Ihres Kartei-Passworts lautet: {code}\n\nEr gilt 15 Minuten. Wenn Sie Ihr Passwort nicht ändern wollten, melden Sie sich bitte an, prüfen Sie Ihre angemeldeten Geräte und ändern Sie Ihr Passwort.\n\nKartei",
  "mail.passwordReset.subject": "Code zum Zurücksetzen Ihres Passworts",
  "mail.passwordReset.body":
    "Guten Tag,\n\nIhr Code zum Zurücksetzen Ihres Kartei-Passworts lautet: {code}\n\nEr gilt 15 Minuten. Zum Zurücksetzen brauchen Sie außerdem Ihren zweiten Faktor oder einen Wiederherstellungscode. Wenn Sie das nicht angefordert haben, können Sie diese E-Mail ignorieren.\n\nKartei",
  "form.invalidNumber": "Bitte eine Zahl zwischen 0 und 3650 angeben.",
  "security.policyNeedsOwnKey": "Richten Sie zuerst selbst einen Sicherheitsschlüssel oder Passkey ein.",
  "webauthn.name": "Name des Schlüssels",
  "webauthn.nameHint": "Damit Sie ihn später wiedererkennen, z. B. „YubiKey am Schlüsselbund“.",
  "webauthn.register": "Sicherheitsschlüssel oder Passkey hinzufügen",
  "webauthn.signIn": "Mit Sicherheitsschlüssel oder Passkey bestätigen",
  "webauthn.working": "Bitte bestätigen Sie jetzt mit Ihrem Schlüssel (z. B. antippen) …",
  "webauthn.noScript": "Für Sicherheitsschlüssel und Passkeys muss JavaScript eingeschaltet sein.",
  "webauthn.error.failed": "Der Schlüssel konnte nicht bestätigt werden. Bitte versuchen Sie es noch einmal.",
  "webauthn.error.expired":
    "Die Anfrage ist abgelaufen oder wurde schon verwendet. Bitte versuchen Sie es noch einmal.",
  "webauthn.error.cancelled": "Abgebrochen oder keine Antwort vom Schlüssel. Bitte versuchen Sie es noch einmal.",
  "webauthn.error.unsupported": "Dieser Browser unterstützt keine Sicherheitsschlüssel oder Passkeys.",
  "webauthn.error.alreadyRegistered": "Dieser Schlüssel ist bereits eingerichtet.",
  "webauthn.error.unknownKey": "Dieser Schlüssel ist für Ihr Konto nicht eingerichtet oder gesperrt.",
  "webauthn.error.noKey": "Für Ihr Konto ist kein Sicherheitsschlüssel und kein Passkey eingerichtet.",
  "webauthn.error.keyLocked":
    "Dieser Schlüssel wurde gesperrt, weil er möglicherweise kopiert wurde, und alle Ihre Sitzungen wurden beendet. Bitte melden Sie sich neu an und verwenden Sie einen anderen Faktor.",
  "webauthn.error.lockedOut": "Zu viele Fehlversuche: Ihr Zugang ist vorübergehend gesperrt.",
  "webauthn.error.sessionEnded": "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.",
} as const;

export type MessageKey = keyof typeof de;
