// Catalogue of re-issuing access: the owner's action on the member page, the page behind the
// re-issue link and its mail.
export const REISSUE_DE = {
  "reissue.title": "Zugang neu ausstellen",
  "reissue.hint":
    "Die Person erhält einen Link per E-Mail, Sie einen Aktivierungsbrief mit Code. Ihre alten Faktoren bleiben gesperrt.",
  "reissue.submit": "Zugang neu ausstellen",
  "reissue.alreadyPending": "Für diese Person liegt schon eine offene Einladung vor. Ziehen Sie sie zuerst zurück.",
  "reissue.accept.title": "Neuen Zugang einrichten",
  "reissue.accept.intro":
    "{practice} hat Ihren Zugang neu ausgestellt. Geben Sie den Code aus dem Aktivierungsbrief ein und wählen Sie ein neues Passwort; danach richten Sie einen neuen zweiten Faktor ein.",
  "reissue.code": "Aktivierungscode",
  "reissue.password": "Neues Passwort",
  "reissue.passwordConfirmation": "Neues Passwort wiederholen",
  "reissue.submitAccept": "Zugang einrichten",
  "mail.reissue.subject": "Ihr Zugang zu {practice} wurde neu ausgestellt",
  "mail.reissue.body":
    "Guten Tag {name},\n\n{inviter} hat Ihren Zugang zu {practice} neu ausgestellt. Öffnen Sie diesen Link:\n\n{url}\n\nSie brauchen außerdem den Aktivierungscode aus dem Brief, den Ihnen die Praxis übergibt. Der Link gilt bis {date}.\n\nIhre bisherigen zweiten Faktoren bleiben gesperrt.",
} as const;

export const REISSUE_EN: Record<keyof typeof REISSUE_DE, string> = {
  "reissue.title": "Re-issue access",
  "reissue.hint":
    "The person receives a link by email, you get an activation letter with the code. Their old factors stay locked.",
  "reissue.submit": "Re-issue access",
  "reissue.alreadyPending": "There is already an open invitation for this person. Withdraw it first.",
  "reissue.accept.title": "Set up your new access",
  "reissue.accept.intro":
    "{practice} has re-issued your access. Enter the code from the activation letter and choose a new password; then set up a new second factor.",
  "reissue.code": "Activation code",
  "reissue.password": "New password",
  "reissue.passwordConfirmation": "Repeat the new password",
  "reissue.submitAccept": "Set up access",
  "mail.reissue.subject": "Your access to {practice} has been re-issued",
  "mail.reissue.body":
    "Hello {name},\n\n{inviter} has re-issued your access to {practice}. Open this link:\n\n{url}\n\nYou also need the activation code from the letter the practice hands you. The link is valid until {date}.\n\nYour previous second factors stay locked.",
};
