// Catalogue of what a new installation and a new user meet first: the address Kartei is
// configured for, and the home page.
import type { Message } from "./message.ts";
export const FIRST_RUN_DE = {
  // The header of a table's column of buttons, for screen readers (visually hidden).
  "table.actions": "Aktionen",
  "wrongAddress.title": "Falsche Adresse",
  "wrongAddress.body":
    "Sie haben Kartei über {used} geöffnet, eingerichtet ist es aber für {configured}. Aus Sicherheitsgründen nimmt Kartei Formulare nur über die eingerichtete Adresse an; neu laden hilft hier nicht.",
  "wrongAddress.use": "Bitte öffnen Sie Kartei über {configured}.",
  "wrongAddress.admin":
    "Soll Kartei im Praxisnetz unter dieser Adresse erreichbar sein, muss die Person, die Kartei betreibt, BASE_URL={used} setzen und Kartei neu starten.",
  "home.signedIn": "Sie sind mit Passwort und zweitem Faktor angemeldet.",
  "home.manageSecurity": "Faktoren und Wiederherstellungscodes verwalten",
  "home.glance": "Auf einen Blick",
  "home.patients": { one: "{count} Patientin oder Patient", other: "{count} Patientinnen und Patienten" },
  "home.appointmentsToday": { one: "Heute {count} Termin", other: "Heute {count} Termine" },
  "home.appointmentsComing": {
    one: "In den nächsten {days} Tagen {count} weiterer Termin",
    other: "In den nächsten {days} Tagen {count} weitere Termine",
  },
  "home.members": { one: "{count} Person im Team", other: "{count} Personen im Team" },
  "home.openInvitations": { one: "{count} offene Einladung", other: "{count} offene Einladungen" },
  "home.firstSteps": "Erste Schritte",
  "home.stepTeam": "Ihr Team einladen: jede Person erhält ein eigenes Konto.",
  "home.stepPatient": "Die erste Patientin oder den ersten Patienten anlegen.",
  "home.stepAppointment": "Den nächsten Termin im Kalender buchen.",
  "home.nothingGranted":
    "Für Ihre Rolle sind in dieser Praxis noch keine Bereiche freigegeben. Wenden Sie sich an die Praxisinhaberin oder den Praxisinhaber.",
} as const;

export const FIRST_RUN_EN: Record<keyof typeof FIRST_RUN_DE, Message> = {
  "table.actions": "Actions",
  "wrongAddress.title": "Wrong address",
  "wrongAddress.body":
    "You opened Kartei at {used}, but it is set up for {configured}. For security, Kartei accepts forms only at the configured address; reloading does not help here.",
  "wrongAddress.use": "Please open Kartei at {configured}.",
  "wrongAddress.admin":
    "If Kartei is meant to be reached at this address in the practice network, whoever runs Kartei must set BASE_URL={used} and restart it.",
  "home.signedIn": "You are signed in with your password and a second factor.",
  "home.manageSecurity": "Manage factors and recovery codes",
  "home.glance": "At a glance",
  "home.patients": { one: "{count} patient", other: "{count} patients" },
  "home.appointmentsToday": { one: "{count} appointment today", other: "{count} appointments today" },
  "home.appointmentsComing": {
    one: "{count} more appointment in the next {days} days",
    other: "{count} more appointments in the next {days} days",
  },
  "home.members": { one: "{count} person in the team", other: "{count} people in the team" },
  "home.openInvitations": { one: "{count} open invitation", other: "{count} open invitations" },
  "home.firstSteps": "First steps",
  "home.stepTeam": "Invite your team: every person gets an account of their own.",
  "home.stepPatient": "Add the first patient.",
  "home.stepAppointment": "Book the next appointment in the calendar.",
  "home.nothingGranted": "No areas of this practice are open to your role yet. Please ask the practice owner.",
};
