// The terms of use shipped with the app. Registration stores which version was accepted;
// a new version gets a new entry here (the operator console publishes them in a later issue).
import type { Language } from "./i18n/mod.ts";

export interface TermsVersion {
  version: string;
  inForceFrom: string;
  title: Record<Language, string>;
  paragraphs: Record<Language, string[]>;
}

export const CURRENT_TERMS: TermsVersion = {
  version: "2026-11",
  inForceFrom: "2026-11-01",
  title: { de: "Nutzungsbedingungen für Kartei", en: "Kartei terms of use" },
  paragraphs: {
    de: [
      "1. Kartei ist eine Praxisverwaltung für kleine Gesundheits- und Beratungspraxen. Die Praxisinhaberin oder der Praxisinhaber ist für alle Personen verantwortlich, denen sie oder er Zugang gewährt.",
      "2. Jede Person erhält ein persönliches Konto. Zugangsdaten dürfen nicht weitergegeben oder gemeinsam genutzt werden.",
      "3. Die Anmeldung erfolgt durch Wissen (Passwort) und Besitz (zweiter Faktor, z. B. Authenticator-App, Sicherheitsschlüssel oder YubiKey). Passwort und zweiter Faktor sind getrennt voneinander aufzubewahren.",
      "4. Lassen Sie Ihr Passwort nicht vom Browser oder einem anderen Programm speichern, das nicht ausdrücklich als Passwortmanager dafür bestimmt ist (BSI TR-03161). Wählen Sie ein Passwort, das Sie nirgends sonst verwenden.",
      "5. Der Verlust oder Diebstahl eines zweiten Faktors oder der Verdacht auf Missbrauch ist unverzüglich zu melden; der betroffene Zugang wird dann gesperrt.",
      "6. Jeder Zugriff auf personenbezogene Daten wird protokolliert. Das Protokoll kann von niemandem verändert werden.",
      "7. Abgeschlossene (festgeschriebene) Dokumentation und ausgestellte Rechnungen können nicht mehr verändert werden; Korrekturen erfolgen durch Nachträge bzw. Stornorechnungen.",
      "8. Die Praxis kann ihre Daten jederzeit exportieren.",
    ],
    en: [
      "1. Kartei is practice management software for small health and counselling practices. The practice owner is responsible for every person they give access to.",
      "2. Every person gets a personal account. Credentials must not be passed on or shared.",
      "3. Sign-in requires knowledge (password) and possession (a second factor such as an authenticator app, security key or YubiKey). Keep the password and the second factor apart.",
      "4. Do not let your browser or any program that is not expressly a password manager store your password (BSI TR-03161). Choose a password you use nowhere else.",
      "5. Report the loss or theft of a second factor, or suspected misuse, without delay; the affected access is then locked.",
      "6. Every access to personal data is logged. Nobody can change the log.",
      "7. Finalized documentation and issued invoices cannot be changed; corrections are made by amendments and cancellation invoices.",
      "8. The practice can export its data at any time.",
    ],
  },
};
