// German message catalogue: the source of all keys. Placeholders look like {name}.
export const de = {
  "app.name": "Kartei",
  "app.tagline": "Praxisverwaltung mit Anmeldung durch Wissen und Besitz",
  "nav.signIn": "Anmelden",
  "nav.register": "Praxis registrieren",
  "nav.signOut": "Abmelden",
  "nav.home": "Übersicht",
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
  "home.emptyTitle": "Hier entsteht Ihre Praxis",
  "home.emptyBody":
    "Ihre Praxis ist angelegt und Ihre E-Mail-Adresse bestätigt. Noch sind keine Patientinnen, Patienten, Termine oder Dokumentationen erfasst.",
  "home.nextSteps": "Als Nächstes",
  "home.nextSecondFactor":
    "Einen zweiten Faktor einrichten (Authenticator-App, Sicherheitsschlüssel oder YubiKey): ohne ihn werden keine personenbezogenen Daten angezeigt.",
  "home.nextTeam": "Ihr Team einladen: jede Person erhält ein eigenes Konto.",
  "home.nextRecords": "Patientinnen und Patienten anlegen, Termine planen, dokumentieren.",

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
  "error.backHome": "Zur Startseite",

  "mail.verification.subject": "Ihr Bestätigungscode für Kartei",
  "mail.verification.body":
    "Guten Tag,\n\nIhr Bestätigungscode lautet: {code}\n\nEr gilt 15 Minuten und kann nur einmal verwendet werden. Wenn Sie sich nicht bei Kartei registriert haben, können Sie diese E-Mail ignorieren.\n\nKartei",
  "mail.alreadyRegistered.subject": "Registrierungsversuch mit Ihrer E-Mail-Adresse",
  "mail.alreadyRegistered.body":
    "Guten Tag,\n\njemand hat versucht, mit Ihrer E-Mail-Adresse eine neue Praxis bei Kartei zu registrieren. Für diese Adresse besteht bereits ein Konto. Wenn Sie das waren, melden Sie sich einfach an: {signInUrl}\n\nWenn nicht, müssen Sie nichts tun.\n\nKartei",
} as const;

export type MessageKey = keyof typeof de;
