// Catalogue of the in-app notices: the header's badge and the list of what waits for the person.
import type { Message } from "./message.ts";

export const NOTICES_DE = {
  "notices.title": "Hinweise",
  "notices.link": "Hinweise",
  "notices.waiting": { one: "{count} wartet auf Sie", other: "{count} warten auf Sie" },
  "notices.none": "Nichts wartet auf Sie.",
  "notices.browsers": "Browser warten auf Freigabe",
  "notices.browser": "{name}: {description}, seit {date}",
  "notices.approvals": "Vier-Augen-Anfragen",
  "notices.approval": "{action}, angefragt von {name} am {date}",
  "notices.lossReports": "Verlustmeldungen",
  "notices.lossReport": "{name} hat nach einer Verlustmeldung keinen Zugang mehr: Zugang neu ausstellen",
  "notices.expiring": "Zugänge Dritter, die bald enden",
  "notices.expiringItem": "{name}, bis {date}",
  "notices.countBrowsers": {
    one: "{count} Browser wartet auf Freigabe",
    other: "{count} Browser warten auf Freigabe",
  },
  "notices.countApprovals": { one: "{count} Vier-Augen-Anfrage", other: "{count} Vier-Augen-Anfragen" },
  "notices.countLossReports": {
    one: "{count} Person ohne Zugang nach Verlustmeldung",
    other: "{count} Personen ohne Zugang nach Verlustmeldung",
  },
  "notices.countExpiring": {
    one: "{count} Zugang Dritter endet in den nächsten {days} Tagen",
    other: "{count} Zugänge Dritter enden in den nächsten {days} Tagen",
  },
} as const;

export const NOTICES_EN: Record<keyof typeof NOTICES_DE, Message> = {
  "notices.title": "Notices",
  "notices.link": "Notices",
  "notices.waiting": { one: "{count} waiting for you", other: "{count} waiting for you" },
  "notices.none": "Nothing is waiting for you.",
  "notices.browsers": "Browsers waiting for approval",
  "notices.browser": "{name}: {description}, since {date}",
  "notices.approvals": "Four-eyes requests",
  "notices.approval": "{action}, requested by {name} on {date}",
  "notices.lossReports": "Loss reports",
  "notices.lossReport": "{name} has no access since a loss report: re-issue access",
  "notices.expiring": "Third-party access ending soon",
  "notices.expiringItem": "{name}, until {date}",
  "notices.countBrowsers": {
    one: "{count} browser waiting for approval",
    other: "{count} browsers waiting for approval",
  },
  "notices.countApprovals": { one: "{count} four-eyes request", other: "{count} four-eyes requests" },
  "notices.countLossReports": {
    one: "{count} person without access after a loss report",
    other: "{count} people without access after a loss report",
  },
  "notices.countExpiring": {
    one: "{count} third-party access ends within {days} days",
    other: "{count} third-party accesses end within {days} days",
  },
};
