// Catalogue of the procedure documentation (Verfahrensdokumentation, technical part).
export const PROCEDURE_DE = {
  "procedure.title": "Verfahrensdokumentation Rechnungswesen (technischer Teil)",
  "procedure.intro":
    "Diese Seite beschreibt, wie Kartei Rechnungen nummeriert, speichert, schützt und exportiert, mit den aktuellen Einstellungen dieser Praxis. Sie ergänzt die Verfahrensdokumentation der Praxis (GoBD Rz. 151 ff.) um den technischen Teil und kann ausgedruckt werden.",
  "procedure.generated": "Erstellt am {date} für {practice}.",
  "procedure.print": "Zum Drucken die Druckfunktion des Browsers verwenden.",
  "procedure.numbering": "1. Rechnungsnummern",
  "procedure.numberingText":
    "Jede Rechnung und jede Stornorechnung erhält beim Ausstellen die nächste Nummer des Nummernkreises der Praxis. Die Nummer wird in derselben Datenbanktransaktion vergeben, in der die Rechnung festgeschrieben und ihr PDF gespeichert wird; der Zähler ist dabei gesperrt. Bricht das Ausstellen ab, gilt die Nummer als nie vergeben. So sind die Nummern lückenlos und eindeutig. Entwürfe haben keine Nummer.",
  "procedure.pattern": "Nummernmuster",
  "procedure.restart": "Nummernkreis",
  "procedure.restartYearly": "beginnt jedes Jahr neu",
  "procedure.restartContinuous": "fortlaufend über die Jahre",
  "procedure.counters": "Zuletzt vergebene Nummer",
  "procedure.counterYear": "{year}: {number}",
  "procedure.counterContinuous": "fortlaufend: {number}",
  "procedure.noCounters": "Noch keine Rechnung ausgestellt.",
  "procedure.issuedCount": "Ausgestellte Belege",
  "procedure.paymentDays": "Zahlungsziel",
  "procedure.paymentDaysValue": "{days} Tage",
  "procedure.storage": "2. Speicherung und Unveränderbarkeit",
  "procedure.storageText":
    "Ausgestellte Rechnungen werden mit allen Positionen, dem Empfänger und dem beim Ausstellen einmal erzeugten PDF samt SHA-256-Prüfsumme in der Datenbank gespeichert. Datenbank-Trigger weisen jede Änderung und jede Löschung einer ausgestellten Rechnung, ihrer Positionen und ihres PDFs zurück; nachträglich gesetzt werden können nur der Storno- und der Ausbuchungsvermerk. Zahlungen, Zustellungen und Mahnschreiben werden nur angefügt, nie geändert: eine Rückbuchung ist eine eigene negative Zahlung. Jeder Schritt (Ausstellen, Zustellen, Zahlung, Storno, Mahnung, Export) steht im Protokoll der Praxis, das verkettet (Hash-Kette) und ebenfalls unveränderbar gespeichert ist.",
  "procedure.database": "Datenbank",
  "procedure.databaseServer": "PostgreSQL-Server",
  "procedure.databaseEmbedded": "eingebettetes PostgreSQL (PGlite) im Datenordner",
  "procedure.correction": "3. Korrekturen, Zahlungen und Mahnwesen",
  "procedure.correctionText":
    "Eine ausgestellte Rechnung wird nie geändert. Eine Korrektur ist eine Stornorechnung mit eigener Nummer, die auf die ursprüngliche Rechnung verweist und sie vollständig aufhebt, und bei Bedarf eine neue Rechnung. Storniert werden kann erst, wenn alle erfassten Zahlungen zurückgebucht sind. Mahnschreiben sind keine Rechnungen und erhalten keine Rechnungsnummer; jedes wird mit PDF und Prüfsumme gespeichert.",
  "procedure.dunningLevels": "Mahnstufen",
  "procedure.dunningLevel": "{title}: {days} Tage nach Fälligkeit, Gebühr {fee}",
  "procedure.vat": "4. Umsatzsteuer",
  "procedure.smallBusinessYes":
    "Die Praxis ist Kleinunternehmer nach § 19 UStG: Rechnungen weisen keine Umsatzsteuer aus und tragen den Hinweis.",
  "procedure.smallBusinessNo":
    "Die Praxis ist kein Kleinunternehmer. Jede Leistung trägt ihre Behandlung: steuerfrei nach § 4 Nr. 14 UStG (Heilbehandlung, Voreinstellung), 19 % oder 7 %.",
  "procedure.taxNumber": "Steuernummer / USt-IdNr.",
  "procedure.notSet": "nicht angegeben",
  "procedure.retention": "5. Aufbewahrung und Datensicherung",
  "procedure.retentionText":
    "Rechnungen und ihre PDFs werden mindestens acht Jahre aufbewahrt (§ 147 Abs. 3 AO in der seit 2025 geltenden Fassung), gerechnet ab dem Ende des Kalenderjahres der Rechnung; die Rechnungsseite nennt das Ende der Frist. Kartei bietet keine Funktion, ausgestellte Rechnungen zu löschen.",
  "procedure.backups": "Datensicherung",
  "procedure.backupsValue": "täglich nach {dir}, aufbewahrt {days} Tage",
  "procedure.backupsEncrypted": "verschlüsselt an einen age-Empfänger",
  "procedure.backupsPlain": "unverschlüsselt (kein Empfänger eingestellt)",
  "procedure.exports": "6. Datenexport für Steuerberatung und Finanzamt",
  "procedure.exportsText":
    "Unter Exporte stehen für jeden Monat oder jedes Jahr bereit: ein ZIP-Archiv mit einem CSV-Journal aller Rechnungen, Stornorechnungen und Zahlungen und jedem Rechnungs-PDF; der DATEV-Buchungsstapel (Format EXTF, Version 700, Formatversion 13); die Datenüberlassung nach GoBD (Z3) als CSV-Tabellen mit index.xml nach dem GDPdU-Beschreibungsstandard und der zugehörigen DTD. Jeder Export wird protokolliert.",
  "procedure.datev": "DATEV-Einstellungen",
  "procedure.datevMissing": "noch nicht gespeichert",
  "procedure.datevValue": "{chart}, Beraternummer {consultant}, Mandantennummer {client}, Wirtschaftsjahr ab {start}",
  "procedure.datevAccounts":
    "Forderungen {receivable}, Bank {bank}, Kasse {cash}; Erlöse steuerfrei {exempt}, 19 % {standard}, 7 % {reduced}, § 19 {small}",
  "procedure.access": "7. Zugriff",
  "procedure.accessText":
    "Rechnungen sehen und bearbeiten nur Personen mit Abrechnungsrechten (Praxisinhaber/in und Abrechnung, Dritte nur mit ausdrücklicher Freigabe und bis zu ihrem Enddatum). Behandelnde sehen die abzurechnenden Leistungen ihrer eigenen Termine. Der Empfang darf Zahlungen nur erfassen, wenn die Praxis es erlaubt. Jede Anmeldung verlangt einen zweiten Faktor.",
  "procedure.frontDeskPayments": "Empfang erfasst Zahlungen",
  "procedure.yes": "ja",
  "procedure.no": "nein",
  "procedure.members": "Aktive Mitglieder",
  "procedure.memberCount": "{role}: {count}",
  "procedure.noCashRegister": "8. Keine Kassenfunktion",
  "procedure.noCashRegisterText":
    "Kartei ist kein elektronisches Aufzeichnungssystem im Sinne der Kassensicherungsverordnung (KassenSichV) und hat keine technische Sicherheitseinrichtung (TSE). Barzahlungen werden nur als Zahlung zu einer ausgestellten Rechnung erfasst. Wer Bargeld ohne Rechnung annimmt, braucht dafür eine eigene Kasse.",
} as const;

export const PROCEDURE_EN: Record<keyof typeof PROCEDURE_DE, string> = {
  "procedure.title": "Procedure documentation of invoicing (technical part)",
  "procedure.intro":
    "This page describes how Kartei numbers, stores, protects and exports invoices, with this practice's current settings. It adds the technical part to the practice's procedure documentation (GoBD no. 151 ff.) and can be printed.",
  "procedure.generated": "Generated on {date} for {practice}.",
  "procedure.print": "Use the browser's print function to print it.",
  "procedure.numbering": "1. Invoice numbers",
  "procedure.numberingText":
    "Every invoice and every cancellation invoice takes the next number of the practice's number range when it is issued. The number is taken in the same database transaction that fixes the invoice and stores its PDF, with the counter locked. If issuing fails, the number counts as never taken. So numbers are gapless and unique. Drafts have no number.",
  "procedure.pattern": "Number pattern",
  "procedure.restart": "Number range",
  "procedure.restartYearly": "restarts every year",
  "procedure.restartContinuous": "continuous across the years",
  "procedure.counters": "Last number taken",
  "procedure.counterYear": "{year}: {number}",
  "procedure.counterContinuous": "continuous: {number}",
  "procedure.noCounters": "No invoice issued yet.",
  "procedure.issuedCount": "Documents issued",
  "procedure.paymentDays": "Payment term",
  "procedure.paymentDaysValue": "{days} days",
  "procedure.storage": "2. Storage and immutability",
  "procedure.storageText":
    "Issued invoices are stored in the database with all items, the recipient and the PDF rendered once at issue with its SHA-256 checksum. Database triggers refuse every change and every deletion of an issued invoice, its items and its PDF; only the cancellation and write-off marks can be set later. Payments, deliveries and dunning letters are only appended, never changed: a reversal is a negative payment of its own. Every step (issue, delivery, payment, cancellation, dunning, export) is in the practice's audit log, which is chained (hash chain) and stored immutably as well.",
  "procedure.database": "Database",
  "procedure.databaseServer": "PostgreSQL server",
  "procedure.databaseEmbedded": "embedded PostgreSQL (PGlite) in the data folder",
  "procedure.correction": "3. Corrections, payments and dunning",
  "procedure.correctionText":
    "An issued invoice never changes. A correction is a cancellation invoice with its own number that refers to the original and negates it entirely, and a new invoice where needed. An invoice can be cancelled only once every recorded payment is reversed. Dunning letters are not invoices and take no invoice number; each is stored with its PDF and checksum.",
  "procedure.dunningLevels": "Dunning levels",
  "procedure.dunningLevel": "{title}: {days} days after the due date, fee {fee}",
  "procedure.vat": "4. VAT",
  "procedure.smallBusinessYes":
    "The practice is a small business under § 19 UStG: invoices show no VAT and carry the note.",
  "procedure.smallBusinessNo":
    "The practice is not a small business. Each service carries its treatment: exempt under § 4 no. 14 UStG (medical treatment, the default), 19 % or 7 %.",
  "procedure.taxNumber": "Tax number / VAT id",
  "procedure.notSet": "not given",
  "procedure.retention": "5. Retention and backups",
  "procedure.retentionText":
    "Invoices and their PDFs are kept at least eight years (§ 147 (3) AO as in force since 2025), counted from the end of the invoice's calendar year; the invoice page names the end of the period. Kartei offers no way to delete an issued invoice.",
  "procedure.backups": "Backups",
  "procedure.backupsValue": "daily to {dir}, kept {days} days",
  "procedure.backupsEncrypted": "encrypted to an age recipient",
  "procedure.backupsPlain": "unencrypted (no recipient set)",
  "procedure.exports": "6. Data export for the tax advisor and the tax office",
  "procedure.exportsText":
    "Under Exports, for every month or year: a ZIP archive with a CSV journal of all invoices, cancellations and payments and every invoice PDF; the DATEV booking batch (format EXTF, version 700, format version 13); the GoBD data access (Z3) as CSV tables with index.xml in the GDPdU description standard and its DTD. Every export is recorded in the audit log.",
  "procedure.datev": "DATEV settings",
  "procedure.datevMissing": "not saved yet",
  "procedure.datevValue": "{chart}, consultant number {consultant}, client number {client}, fiscal year from {start}",
  "procedure.datevAccounts":
    "Receivables {receivable}, bank {bank}, cash {cash}; revenue exempt {exempt}, 19 % {standard}, 7 % {reduced}, § 19 {small}",
  "procedure.access": "7. Access",
  "procedure.accessText":
    "Only people with billing rights see and edit invoices (owner and billing; third parties only when granted and until their end date). Practitioners see the services to bill of their own appointments. The front desk may record payments only if the practice allows it. Every sign-in requires a second factor.",
  "procedure.frontDeskPayments": "Front desk records payments",
  "procedure.yes": "yes",
  "procedure.no": "no",
  "procedure.members": "Active members",
  "procedure.memberCount": "{role}: {count}",
  "procedure.noCashRegister": "8. No cash register",
  "procedure.noCashRegisterText":
    "Kartei is not an electronic recording system under the German cash register regulation (KassenSichV) and has no technical security device (TSE). Cash payments are recorded only as payments of an issued invoice. Whoever takes cash without an invoice needs a cash register of their own.",
};
