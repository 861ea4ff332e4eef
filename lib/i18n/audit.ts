// Catalogue of the audit log's own checks: the mail operators get when a chain is broken.
export const AUDIT_DE = {
  "mail.auditChainBroken.subject": "Kartei: Das Audit-Protokoll ist beschädigt",
  "mail.auditChainBroken.body":
    "Hallo,\n\ndie tägliche Prüfung des Audit-Protokolls hat {count} unterbrochene Kette(n) gefunden:\n\n{chains}\n\nEin gespeichertes Ereignis wurde verändert oder entfernt. Bitte prüfen Sie die Datenbank und ihre Zugänge und vergleichen Sie mit einer Sicherung; `deno task audit:verify` zeigt den Stand.\n\nKartei",
  "mail.auditChainBroken.installation": "Installation",
  "mail.auditChainBroken.line": "{chain}: Ereignis {sequence} ({reason})",
  "mail.auditChainHead.subject": "Kartei: Stand des Protokolls von {practice}",
  "mail.auditChainHead.body":
    "Hallo,\n\ndas Protokoll von {practice} wurde heute geprüft und ist intakt. Sein Stand am {at}:\n\n  Ereignisse: {events}\n  Prüfsumme: {hash}\n\nBewahren Sie diese Mail auf: Stimmt eine spätere Prüfung nicht mehr mit diesem Stand überein, wurde das Protokoll nachträglich verändert.\n\nKartei",
  "mail.auditChainBrokenPractice.subject": "Kartei: Das Protokoll von {practice} ist beschädigt",
  "mail.auditChainBrokenPractice.body":
    "Hallo,\n\ndie tägliche Prüfung hat das Protokoll von {practice} bei Ereignis {sequence} unterbrochen gefunden ({reason}); intakt bis Ereignis {events}.\n\nEin gespeichertes Ereignis wurde verändert oder entfernt. Der Betrieb Ihrer Installation ist ebenfalls benachrichtigt. Unter Protokoll können Sie die Prüfung selbst wiederholen.\n\nKartei",
};

export const AUDIT_EN: Record<keyof typeof AUDIT_DE, string> = {
  "mail.auditChainBroken.subject": "Kartei: the audit log is damaged",
  "mail.auditChainBroken.body":
    "Hello,\n\nthe daily check of the audit log found {count} broken chain(s):\n\n{chains}\n\nA stored event has been changed or removed. Please check the database and who has access to it, and compare with a backup; `deno task audit:verify` shows the current state.\n\nKartei",
  "mail.auditChainBroken.installation": "installation",
  "mail.auditChainBroken.line": "{chain}: event {sequence} ({reason})",
  "mail.auditChainHead.subject": "Kartei: state of the audit log of {practice}",
  "mail.auditChainHead.body":
    "Hello,\n\nthe audit log of {practice} was checked today and is intact. Its state at {at}:\n\n  Events: {events}\n  Checksum: {hash}\n\nKeep this mail: if a later check no longer agrees with this state, the log has been changed afterwards.\n\nKartei",
  "mail.auditChainBrokenPractice.subject": "Kartei: the audit log of {practice} is damaged",
  "mail.auditChainBrokenPractice.body":
    "Hello,\n\nthe daily check found the audit log of {practice} broken at event {sequence} ({reason}); intact up to event {events}.\n\nA stored event has been changed or removed. Your installation's operators have been told as well. Under Audit log you can repeat the check yourself.\n\nKartei",
};
