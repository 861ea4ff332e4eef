// Catalogue of the owner's import of a programmed YubiKey for a member, and the mail it sends.
export const MEMBER_KEYS_DE = {
  "memberKeys.link": "YubiKey für diese Person einrichten",
  "memberKeys.title": "YubiKey für {name} einrichten",
  "memberKeys.intro":
    "Tragen Sie die Daten des programmierten Schlüssels ein: die Zeile, die das YubiKey Personalization Tool in configuration_log.csv schreibt, oder die drei Werte einzeln. Berühren Sie dann den Schlüssel, damit er ein Einmalpasswort tippt: es beweist, dass die Daten zu diesem Schlüssel passen. Die Person wird per E-Mail informiert.",
  "memberKeys.back": "Zurück zu {name}",
  "memberKeys.submit": "Prüfen und für die Person einrichten",
  "memberKeys.importedNotice":
    "Der YubiKey ist für die Person eingerichtet; sie wurde per E-Mail informiert. Geben Sie ihr den Schlüssel persönlich.",
  "mail.memberKeyImported.subject": "Ein YubiKey wurde für Sie eingerichtet",
  "mail.memberKeyImported.body":
    "Hallo,\n\nin der Praxis {practice} wurde ein YubiKey („{key}“) als zweiter Faktor für Ihr Kartei-Konto eingerichtet. Sie können sich ab jetzt mit diesem Schlüssel anmelden.\n\nWenn Sie keinen Schlüssel erwarten, wenden Sie sich bitte sofort an Ihre Praxis.\n\nKartei",
} as const;

export const MEMBER_KEYS_EN: Record<keyof typeof MEMBER_KEYS_DE, string> = {
  "memberKeys.link": "Set up a YubiKey for this person",
  "memberKeys.title": "Set up a YubiKey for {name}",
  "memberKeys.intro":
    "Enter the programmed key's data: the line the YubiKey Personalization Tool writes to configuration_log.csv, or the three values one by one. Then touch the key so that it types a one-time password: it proves that the data fit this key. The person is told by email.",
  "memberKeys.back": "Back to {name}",
  "memberKeys.submit": "Check and set up for the person",
  "memberKeys.importedNotice":
    "The YubiKey is set up for the person, and they have been told by email. Hand them the key in person.",
  "mail.memberKeyImported.subject": "A YubiKey has been set up for you",
  "mail.memberKeyImported.body":
    "Hello,\n\nthe practice {practice} has set up a YubiKey (“{key}”) as a second factor for your Kartei account. From now on you can sign in with this key.\n\nIf you do not expect a key, please contact your practice at once.\n\nKartei",
};
