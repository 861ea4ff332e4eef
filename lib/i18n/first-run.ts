// Catalogue of what a new installation and a new user meet first: the address Kartei is
// configured for, and the home page.
export const FIRST_RUN_DE = {
  "wrongAddress.title": "Falsche Adresse",
  "wrongAddress.body":
    "Sie haben Kartei über {used} geöffnet, eingerichtet ist es aber für {configured}. Aus Sicherheitsgründen nimmt Kartei Formulare nur über die eingerichtete Adresse an; neu laden hilft hier nicht.",
  "wrongAddress.use": "Bitte öffnen Sie Kartei über {configured}.",
  "wrongAddress.admin":
    "Soll Kartei im Praxisnetz unter dieser Adresse erreichbar sein, muss die Person, die Kartei betreibt, BASE_URL={used} setzen und Kartei neu starten.",
} as const;

export const FIRST_RUN_EN: Record<keyof typeof FIRST_RUN_DE, string> = {
  "wrongAddress.title": "Wrong address",
  "wrongAddress.body":
    "You opened Kartei at {used}, but it is set up for {configured}. For security, Kartei accepts forms only at the configured address; reloading does not help here.",
  "wrongAddress.use": "Please open Kartei at {configured}.",
  "wrongAddress.admin":
    "If Kartei is meant to be reached at this address in the practice network, whoever runs Kartei must set BASE_URL={used} and restart it.",
};
