// Catalogue of the audit log's own checks: the mail operators get when a chain is broken.
export const AUDIT_DE = {
  "mail.auditChainBroken.subject": "Kartei: Das Audit-Protokoll ist beschädigt",
  "mail.auditChainBroken.body":
    "Hallo,\n\ndie tägliche Prüfung des Audit-Protokolls hat {count} unterbrochene Kette(n) gefunden:\n\n{chains}\n\nEin gespeichertes Ereignis wurde verändert oder entfernt. Bitte prüfen Sie die Datenbank und ihre Zugänge und vergleichen Sie mit einer Sicherung; `deno task audit:verify` zeigt den Stand.\n\nKartei",
  "mail.auditChainBroken.installation": "Installation",
  "mail.auditChainBroken.line": "{chain}: Ereignis {sequence} ({reason})",
};

export const AUDIT_EN: Record<keyof typeof AUDIT_DE, string> = {
  "mail.auditChainBroken.subject": "Kartei: the audit log is damaged",
  "mail.auditChainBroken.body":
    "Hello,\n\nthe daily check of the audit log found {count} broken chain(s):\n\n{chains}\n\nA stored event has been changed or removed. Please check the database and who has access to it, and compare with a backup; `deno task audit:verify` shows the current state.\n\nKartei",
  "mail.auditChainBroken.installation": "installation",
  "mail.auditChainBroken.line": "{chain}: event {sequence} ({reason})",
};
