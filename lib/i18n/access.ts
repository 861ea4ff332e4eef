// Catalogue of the practice's access policy: allowed networks, browser approval, four eyes.
export const ACCESS_DE = {
  "nav.access": "Zugangsregeln",

  "access.title": "Zugangsregeln",
  "access.intro":
    "Von wo und mit welchem Browser sich Ihr Team anmelden darf, und welche Aktionen eine zweite Person freigeben muss. Jede Änderung braucht eine frische Bestätigung mit dem zweiten Faktor und wird protokolliert.",
  "access.networks.label": "Erlaubte Netze",
  "access.networks.hint":
    "Ein Netz je Zeile in CIDR-Schreibweise, z. B. 203.0.113.0/24 oder 2001:db8:12::/48; eine einzelne Adresse geht auch. Leer: Anmeldung von überall.",
  "access.networks.yourAddress": "Ihre Adresse gerade: {address}",
  "access.networks.malformed":
    "Zeile {line}: „{entry}“ ist keine gültige IPv4- oder IPv6-Adresse bzw. kein gültiges Netz.",
  "access.networks.prefix": "Zeile {line}: „{entry}“ hat keine gültige Präfixlänge (IPv4: 0 bis 32, IPv6: 0 bis 128).",
  "access.networks.hostBits": "Zeile {line}: „{entry}“ ist keine Netzadresse. Gemeint ist wohl {suggestion}.",
  "access.networks.tooMany": "Höchstens {max} Netze.",
  "access.networks.lockout":
    "Ihre Adresse {address} liegt in keinem dieser Netze: Sie würden sich selbst aussperren. Nehmen Sie Ihr Netz auf oder geben Sie sich zuerst unten eine Ausnahme.",
  "access.browserApproval.label":
    "Browserfreigabe: Eine Anmeldung mit einem Browser, den die Person in dieser Praxis noch nicht benutzt hat, wartet auf Freigabe.",
  "access.fourEyes.title": "Vier-Augen-Prinzip",
  "access.fourEyes.hint":
    "Diese Aktionen wirken erst, wenn eine zweite Person zustimmt: eine weitere Inhaberin oder ein weiterer Inhaber, oder ein Mitglied, das freigeben darf.",
  "access.fourEyes.none": "Noch keine Aktionen verfügbar.",
  "access.save": "Speichern",
  "access.saved": "Die Zugangsregeln wurden gespeichert.",
  "access.memberSaved": "Die Einstellungen des Mitglieds wurden gespeichert.",
  "access.members.title": "Ausnahmen und Freigabe-Berechtigte",
  "access.members.intro":
    "Eine Ausnahme erlaubt die Anmeldung von überall. Wer freigeben darf, entscheidet über neue Browser von Mitgliedern und über Vier-Augen-Anfragen; Browser von Inhabern gibt eine andere Inhaberin oder ein anderer Inhaber frei.",
  "access.members.name": "Name",
  "access.members.role": "Rolle",
  "access.members.exception": "Ausnahme vom Netz",
  "access.members.approves": "Darf freigeben",
  "access.members.save": "Übernehmen",
  "access.links.browsers": "Browserfreigaben",
  "access.links.approvals": "Vier-Augen-Anfragen",

  "access.networkRefused.title": "Anmeldung abgelehnt",
  "access.networkRefused.body":
    "Die Anmeldung aus diesem Netz ist für diese Praxis nicht erlaubt. Wenden Sie sich an die Praxisinhaberin oder den Praxisinhaber.",

  "browser.refused.title": "Browser nicht freigegeben",
  "browser.refused.body":
    "Dieser Browser wurde für diese Praxis abgelehnt oder gesperrt. Wenden Sie sich an die Praxisinhaberin oder den Praxisinhaber.",
  "browser.waiting.title": "Browser wartet auf Freigabe",
  "browser.waiting.body":
    "Sie haben sich mit diesem Browser zum ersten Mal in {practice} angemeldet. Er erhält Zugang, sobald die Praxisinhaberin oder der Praxisinhaber (oder eine dafür bestimmte Person) ihn freigibt; sie wurden per E-Mail benachrichtigt.",
  "browser.waiting.reload": "Diese Seite prüft regelmäßig von selbst, ob der Browser freigegeben ist.",
  "browser.waiting.check": "Jetzt prüfen",

  "browsers.title": "Browserfreigaben",
  "browsers.securityTitle": "Ihre Browser",
  "browsers.securityLink": "Freigegebene Browser ansehen und widerrufen",
  "browsers.intro":
    "Browser werden an einem zufälligen Merkmal in einem Cookie erkannt, nicht an ihren Eigenschaften. Ein widerrufener oder abgelehnter Browser erhält sofort keinen Zugang mehr.",
  "browsers.policyOff": "Die Browserfreigabe ist für diese Praxis ausgeschaltet.",
  "browsers.pending": "Warten auf Freigabe",
  "browsers.nonePending": "Keine Browser warten auf Freigabe.",
  "browsers.known": "Bekannte Browser",
  "browsers.none": "Noch keine Browser bekannt.",
  "browsers.member": "Person",
  "browsers.device": "Gerät",
  "browsers.firstSeen": "Zuerst benutzt",
  "browsers.lastSeen": "Zuletzt benutzt",
  "browsers.status": "Status",
  "browsers.decidedBy": "Entschieden von",
  "browsers.implicit": "automatisch (erster Browser der Inhaberin/des Inhabers)",
  "browsers.status.pending": "wartet",
  "browsers.status.approved": "freigegeben",
  "browsers.status.denied": "abgelehnt",
  "browsers.status.revoked": "widerrufen",
  "browsers.approve": "Freigeben",
  "browsers.deny": "Ablehnen",
  "browsers.revoke": "Widerrufen",
  "browsers.requested": "Diese Anfrage",
  "browsers.done.approve": "Der Browser wurde freigegeben.",
  "browsers.done.deny": "Der Browser wurde abgelehnt.",
  "browsers.done.revoke": "Der Browser wurde widerrufen.",

  "approvals.title": "Vier-Augen-Anfragen",
  "approvals.intro":
    "Aktionen, die eine zweite Person freigeben muss. Wer eine Anfrage gestellt hat, kann ihr nicht selbst zustimmen; zustimmen führt die Aktion sofort aus.",
  "approvals.none": "Keine Anfragen.",
  "approvals.action": "Aktion",
  "approvals.reason": "Begründung",
  "approvals.requestedBy": "Angefragt von",
  "approvals.requestedAt": "Angefragt am",
  "approvals.status": "Status",
  "approvals.decidedBy": "Entschieden von",
  "approvals.status.pending": "offen",
  "approvals.status.approved": "zugestimmt",
  "approvals.status.executed": "ausgeführt",
  "approvals.status.rejected": "abgelehnt",
  "approvals.status.withdrawn": "zurückgezogen",
  "approvals.approve": "Zustimmen und ausführen",
  "approvals.reject": "Ablehnen",
  "approvals.withdraw": "Zurückziehen",
  "approvals.done.executed": "Zugestimmt: Die Aktion wurde ausgeführt.",
  "approvals.done.rejected": "Die Anfrage wurde abgelehnt.",
  "approvals.done.withdrawn": "Die Anfrage wurde zurückgezogen.",
  "approvals.ownRequest": "Ihrer eigenen Anfrage muss eine andere Person zustimmen.",
  "fourEyes.action.lock_practice": "Alle Zugänge der Praxis sperren",

  "mail.browserApproval.subject": "Kartei: Neuer Browser wartet auf Freigabe",
  "mail.browserApproval.body":
    "Guten Tag {name},\n\n{member} hat sich in {practice} mit einem Browser angemeldet, der dort noch nicht benutzt wurde ({device}). Er erhält erst Zugang, wenn Sie oder eine andere berechtigte Person ihn freigeben.\n\nFreigeben oder ablehnen (nach Ihrer Anmeldung):\n{link}\n\nWenn Sie diese Anmeldung nicht erwartet haben, lehnen Sie sie ab.",
} as const;

export const ACCESS_EN: Record<keyof typeof ACCESS_DE, string> = {
  "nav.access": "Access policy",

  "access.title": "Access policy",
  "access.intro":
    "Where from and with which browser your team may sign in, and which actions a second person must approve. Every change needs a fresh second factor and is audited.",
  "access.networks.label": "Allowed networks",
  "access.networks.hint":
    "One network per line in CIDR notation, e.g. 203.0.113.0/24 or 2001:db8:12::/48; a single address works too. Empty: sign-in from anywhere.",
  "access.networks.yourAddress": "Your address right now: {address}",
  "access.networks.malformed": "Line {line}: “{entry}” is not a valid IPv4 or IPv6 address or network.",
  "access.networks.prefix": "Line {line}: “{entry}” has no valid prefix length (IPv4: 0 to 32, IPv6: 0 to 128).",
  "access.networks.hostBits": "Line {line}: “{entry}” is not a network address. You probably mean {suggestion}.",
  "access.networks.tooMany": "At most {max} networks.",
  "access.networks.lockout":
    "Your address {address} is in none of these networks: you would lock yourself out. Add your network, or first give yourself an exception below.",
  "access.browserApproval.label":
    "Browser approval: a sign-in from a browser the person has not used in this practice before waits for approval.",
  "access.fourEyes.title": "Four eyes",
  "access.fourEyes.hint":
    "These actions take effect only once a second person agrees: another owner, or a member who may approve.",
  "access.fourEyes.none": "No actions available yet.",
  "access.save": "Save",
  "access.saved": "The access policy has been saved.",
  "access.memberSaved": "The member's settings have been saved.",
  "access.members.title": "Exceptions and approvers",
  "access.members.intro":
    "An exception allows sign-in from anywhere. Approvers decide new browsers of members and four-eyes requests; an owner's browsers are approved by another owner.",
  "access.members.name": "Name",
  "access.members.role": "Role",
  "access.members.exception": "Network exception",
  "access.members.approves": "May approve",
  "access.members.save": "Apply",
  "access.links.browsers": "Browser approval",
  "access.links.approvals": "Four-eyes requests",

  "access.networkRefused.title": "Sign-in refused",
  "access.networkRefused.body":
    "Sign-in from this network is not allowed for this practice. Please contact the practice owner.",

  "browser.refused.title": "Browser not approved",
  "browser.refused.body": "This browser was denied or revoked for this practice. Please contact the practice owner.",
  "browser.waiting.title": "Browser waiting for approval",
  "browser.waiting.body":
    "You signed in to {practice} with this browser for the first time. It gets access as soon as the practice owner (or a person they designated) approves it; they have been notified by email.",
  "browser.waiting.reload": "This page checks by itself from time to time whether the browser has been approved.",
  "browser.waiting.check": "Check now",

  "browsers.title": "Browser approval",
  "browsers.securityTitle": "Your browsers",
  "browsers.securityLink": "See and revoke approved browsers",
  "browsers.intro":
    "Browsers are recognised by a random identifier in a cookie, not by their properties. A revoked or denied browser loses access at once.",
  "browsers.policyOff": "Browser approval is switched off for this practice.",
  "browsers.pending": "Waiting for approval",
  "browsers.nonePending": "No browsers are waiting for approval.",
  "browsers.known": "Known browsers",
  "browsers.none": "No browsers known yet.",
  "browsers.member": "Person",
  "browsers.device": "Device",
  "browsers.firstSeen": "First used",
  "browsers.lastSeen": "Last used",
  "browsers.status": "Status",
  "browsers.decidedBy": "Decided by",
  "browsers.implicit": "automatically (the owner's first browser)",
  "browsers.status.pending": "waiting",
  "browsers.status.approved": "approved",
  "browsers.status.denied": "denied",
  "browsers.status.revoked": "revoked",
  "browsers.approve": "Approve",
  "browsers.deny": "Deny",
  "browsers.revoke": "Revoke",
  "browsers.requested": "This request",
  "browsers.done.approve": "The browser has been approved.",
  "browsers.done.deny": "The browser has been denied.",
  "browsers.done.revoke": "The browser has been revoked.",

  "approvals.title": "Four-eyes requests",
  "approvals.intro":
    "Actions a second person must approve. Whoever asked cannot approve their own request; approving carries the action out at once.",
  "approvals.none": "No requests.",
  "approvals.action": "Action",
  "approvals.reason": "Reason",
  "approvals.requestedBy": "Requested by",
  "approvals.requestedAt": "Requested at",
  "approvals.status": "Status",
  "approvals.decidedBy": "Decided by",
  "approvals.status.pending": "open",
  "approvals.status.approved": "approved",
  "approvals.status.executed": "carried out",
  "approvals.status.rejected": "rejected",
  "approvals.status.withdrawn": "withdrawn",
  "approvals.approve": "Approve and carry out",
  "approvals.reject": "Reject",
  "approvals.withdraw": "Withdraw",
  "approvals.done.executed": "Approved: the action has been carried out.",
  "approvals.done.rejected": "The request has been rejected.",
  "approvals.done.withdrawn": "The request has been withdrawn.",
  "approvals.ownRequest": "Another person must approve your own request.",
  "fourEyes.action.lock_practice": "Lock every credential of the practice",

  "mail.browserApproval.subject": "Kartei: a new browser is waiting for approval",
  "mail.browserApproval.body":
    "Hello {name},\n\n{member} signed in to {practice} with a browser not used there before ({device}). It gets access only once you or another approver approves it.\n\nApprove or deny (after signing in):\n{link}\n\nIf you did not expect this sign-in, deny it.",
};
