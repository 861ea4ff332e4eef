// Every mail Kartei sends is composed in lib/mail-templates.ts from the facts a db module or
// route names: each kind reads in German and English, with every value filled in.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { composeMail, type MailFacts } from "../../lib/mail-templates.ts";
import { LANGUAGES } from "../../lib/i18n/mod.ts";

const person = { name: "Anna Müller", email: "anna@example.test" };
const every: Record<MailFacts["kind"], MailFacts[]> = {
  verificationCode: [{ kind: "verificationCode", code: "482915" }],
  alreadyRegistered: [{ kind: "alreadyRegistered", signInUrl: "https://kartei.test/sign-in" }],
  passwordChange: [{ kind: "passwordChange", code: "482915" }],
  passwordReset: [{ kind: "passwordReset", code: "482915" }],
  memberLocked: [{ kind: "memberLocked", practice: "Praxis Lindenplatz" }],
  practiceLocked: [{ kind: "practiceLocked", practice: "Praxis Lindenplatz" }],
  lossReported: [
    { kind: "lossReported", person: person.name, email: person.email, allCredentials: true, at: "07.12.2026 10:15" },
    { kind: "lossReported", person: person.name, email: person.email, allCredentials: false, at: "07.12.2026 10:15" },
  ],
  newCredentialsRequested: [{ kind: "newCredentialsRequested", person: person.name, email: person.email }],
  invitation: [{
    kind: "invitation",
    name: person.name,
    inviter: "Dr. Berta Schmidt",
    practice: "Praxis Lindenplatz",
    url: "https://kartei.test/invitation/abc",
    date: "14.12.2026",
  }],
  reissue: [{
    kind: "reissue",
    name: person.name,
    inviter: "Dr. Berta Schmidt",
    practice: "Praxis Lindenplatz",
    url: "https://kartei.test/reissue/abc",
    date: "14.12.2026",
  }],
  newTerms: [{ kind: "newTerms", version: "2026-12", termsUrl: "https://kartei.test/terms" }],
  termsObjection: [
    { kind: "termsObjection", ...person, version: "2026-12", practiceName: "Praxis Lindenplatz" },
    { kind: "termsObjection", ...person, version: "2026-12", practiceName: null },
  ],
  operatorPracticeLock: [
    { kind: "operatorPracticeLock", practice: "Praxis Lindenplatz", locked: true },
    { kind: "operatorPracticeLock", practice: "Praxis Lindenplatz", locked: false },
  ],
  operatorAccountLock: [{ kind: "operatorAccountLock", locked: true }, { kind: "operatorAccountLock", locked: false }],
  autoLocked: [{ kind: "autoLocked" }],
  memberKeyImported: [{ kind: "memberKeyImported", practice: "Praxis Lindenplatz", key: "YubiKey 5 NFC" }],
  browserApproval: [{
    kind: "browserApproval",
    name: "Dr. Berta Schmidt",
    member: person.name,
    practice: "Praxis Lindenplatz",
    device: "Firefox auf Linux",
    link: "https://kartei.test/practice/browsers/1",
  }],
  shareLinkAddressLocked: [{ kind: "shareLinkAddressLocked", count: 5, minutes: 15, url: "https://kartei.test/x" }],
  auditChainBroken: [{
    kind: "auditChainBroken",
    breaks: [{ practiceId: null, sequence: 7, reason: "hash" }, { practiceId: "p-1", sequence: 2, reason: "gap" }],
  }],
  auditChainHead: [{
    kind: "auditChainHead",
    practice: "Praxis Sonnenschein",
    events: 812,
    hash: "a1b2 c3d4 e5f6 0718",
    at: "2026-12-08 03:00 UTC",
  }],
  auditChainBrokenPractice: [{
    kind: "auditChainBrokenPractice",
    practice: "Praxis Sonnenschein",
    sequence: 40,
    events: 39,
    reason: "anchor",
  }],
  backupFailed: [{
    kind: "backupFailed",
    at: "2026-12-07T03:00:00Z",
    failure: "pg_dump_exit_1",
    lastGood: "2026-12-06T03:00:00Z",
    url: "https://kartei.test/operator/backups",
  }],
  bookingCode: [
    {
      kind: "bookingCode",
      practice: "Praxis am Markt",
      code: "12345678",
      url: "https://kartei.test/b",
      waitingList: false,
    },
    {
      kind: "bookingCode",
      practice: "Praxis am Markt",
      code: "12345678",
      url: "https://kartei.test/b",
      waitingList: true,
    },
  ],
  bookingHeld: [{ kind: "bookingHeld", practice: "Praxis am Markt", at: "2027-03-29T07:00:00Z" }],
  bookingConfirmed: [{
    kind: "bookingConfirmed",
    practice: "Praxis am Markt",
    at: "2027-03-29T07:00:00Z",
    location: "Hauptstelle",
  }],
  bookingDeclined: [{ kind: "bookingDeclined", practice: "Praxis am Markt", at: "2027-03-29T07:00:00Z" }],
  slotOffered: [{
    kind: "slotOffered",
    practice: "Praxis am Markt",
    at: "2027-03-29T07:00:00Z",
    url: "https://kartei.test/o",
    until: "2027-03-28T07:00:00Z",
  }],
  proposal: [{
    kind: "proposal",
    practice: "Praxis am Markt",
    slots: ["2027-03-29T07:00:00Z", "2027-03-30T07:00:00Z"],
    url: "https://kartei.test/p",
    until: "2027-03-28T07:00:00Z",
  }],
  invoice: [
    { kind: "invoice", practice: "Praxis am Lindenplatz", number: "2026-0001", cancellation: false },
    { kind: "invoice", practice: "Praxis am Lindenplatz", number: "2026-0002", cancellation: true },
  ],
};

const mails = suite("mail texts");

mails("every kind reads in both languages, addressed, with every value filled in", () => {
  for (const facts of Object.values(every).flat()) {
    const [de, en] = LANGUAGES.map((language) => composeMail({ to: "anna@example.test", language, facts }));
    for (const mail of [de, en]) {
      assert.is(mail.to, "anna@example.test");
      assert.ok(mail.subject.trim() && mail.text.trim(), facts.kind);
      assert.not.match(mail.subject + mail.text, /\{\w+\}|undefined|mail\.\w/, facts.kind);
      for (const value of Object.values(facts)) {
        // The values a mail is about appear in it (the kind and the flags only choose the words).
        // Instants (ISO 8601) are written out in Berlin time and the recipient's language.
        if (typeof value === "string" && /^\d{4}-\d\d-\d\dT/.test(value)) continue;
        if (typeof value === "string" && value !== facts.kind) assert.ok(mail.text.includes(value), value);
      }
    }
    assert.is.not(de.text, en.text, facts.kind);
  }
});

mails("booking mails write their times out in Berlin time, in the recipient's language", () => {
  const [de, en] = LANGUAGES.map((language) =>
    composeMail({ to: "x@example.test", language, facts: every.proposal[0] })
  );
  assert.match(de.text, /Montag, 29\. März 2027 um 09:00/);
  assert.match(en.text, /Monday 29 March 2027 at 09:00|Monday, 29 March 2027 at 09:00/);
});

mails("a lock and an unlock, one credential and all, owner and operator say different things", () => {
  const text = (facts: MailFacts) => composeMail({ to: "x@example.test", language: "de", facts }).text;
  for (
    const pair of [every.lossReported, every.termsObjection, every.operatorPracticeLock, every.operatorAccountLock]
  ) {
    assert.is.not(text(pair[0]), text(pair[1]));
  }
});

mails.run();
