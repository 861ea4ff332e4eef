// Documents of a few demo patients, stored the way an upload is (db/documents.ts stageUpload
// and insertDocument, which audits the upload): letters from referring doctors, a findings
// report, a photo of a finding, and a signed consent form with its consent record.
import type { Db } from "../database.ts";
import type { PracticeScope } from "../practice-scope.ts";
import { insertDocument, stageUpload } from "../documents.ts";
import { patientDisplayName } from "../../lib/patient-name.ts";
import { findingPng, letterPdf } from "./demo-files.ts";

const MAX_BYTES = 5 * 1024 * 1024;

interface Kind {
  fileName: string;
  kind: "general" | "consent";
  make: (name: string, date: string, now: Date, seed: number) => Promise<Uint8Array>;
}

const KINDS: Kind[] = [
  {
    fileName: "Arztbrief Orthopädie.pdf",
    kind: "general",
    make: (name, date, now) =>
      letterPdf({
        title: "Arztbrief",
        sender: "Dr. med. Hannah Krüger, Fachärztin für Orthopädie, Wilhelmshöher Allee 12, 34119 Kassel",
        patientLine: `Patient/in: ${name}`,
        date: `Kassel, ${date}`,
        paragraphs: [
          "Sehr geehrte Kolleginnen und Kollegen,",
          "wir berichten über die o. g. Patientin/den o. g. Patienten, die/der sich mit seit sechs Wochen bestehenden " +
          "lumbalen Rückenschmerzen ohne neurologische Ausfälle vorstellte.",
          "Diagnose: Lumbalgie bei muskulärer Dysbalance (M54.5). Wir empfehlen Krankengymnastik, 6 × 20 Minuten, " +
          "mit dem Schwerpunkt Stabilisation der Rumpfmuskulatur.",
        ],
      }, now),
  },
  {
    fileName: "Befundbericht MRT Schulter.pdf",
    kind: "general",
    make: (name, date, now) =>
      letterPdf({
        title: "Befundbericht MRT der rechten Schulter",
        sender: "Radiologie am Königstor, Königstor 40, 34117 Kassel",
        patientLine: `Patient/in: ${name}`,
        date: `Untersuchung vom ${date}`,
        paragraphs: [
          "Technik: MRT der rechten Schulter in drei Ebenen, ohne Kontrastmittel.",
          "Befund: Tendinopathie der Supraspinatussehne ohne Ruptur. Geringe Bursitis subacromialis. " +
          "Kein Gelenkerguss. AC-Gelenk mit geringen degenerativen Veränderungen.",
          "Beurteilung: Impingement-Konstellation rechts, konservative Therapie empfohlen.",
        ],
      }, now),
  },
  {
    fileName: "Foto Befund Knie.png",
    kind: "general",
    make: (_name, _date, _now, seed) => findingPng(160, 120, seed),
  },
  {
    fileName: "Einwilligung Datenverarbeitung.pdf",
    kind: "consent",
    make: (name, date, now) =>
      letterPdf({
        title: "Einwilligung in die Verarbeitung meiner Gesundheitsdaten",
        sender: "Demo-Praxis am Lindenplatz, Am Lindenplatz 1, 34117 Kassel",
        patientLine: `Name: ${name}`,
        date: `Kassel, ${date}`,
        paragraphs: [
          "Ich willige ein, dass die Praxis meine Gesundheitsdaten zum Zweck der Behandlung und ihrer Dokumentation " +
          "verarbeitet. Die Einwilligung kann ich jederzeit mit Wirkung für die Zukunft widerrufen.",
          "Unterschrift der Patientin / des Patienten: (unterschrieben)",
        ],
      }, now),
  },
];

export async function seedDocuments(
  db: Db,
  masterKey: Uint8Array,
  input: {
    practiceId: string;
    owner: { accountId: string; membershipId: string };
    patientIds: string[];
    now: Date;
  },
): Promise<number> {
  const scope: PracticeScope = {
    practiceId: input.practiceId,
    accountId: input.owner.accountId,
    membershipId: input.owner.membershipId,
    role: "owner",
    areas: [],
  };
  const date = new Intl.DateTimeFormat("de-DE", { dateStyle: "long", timeZone: "Europe/Berlin" })
    .format(new Date(input.now.getTime() - 30 * 86_400_000));
  let count = 0;
  for (const [index, patientId] of input.patientIds.entries()) {
    const patient = await db.selectFrom("patients").select(["family_name", "given_names", "title"])
      .where("practice_id", "=", input.practiceId).where("id", "=", patientId).executeTakeFirstOrThrow();
    const kind = KINDS[index % KINDS.length];
    const bytes = await kind.make(patientDisplayName(patient), date, input.now, index);
    const staged = await stageUpload(db, masterKey, input.practiceId, {
      fileName: kind.fileName,
      content: [bytes],
    }, MAX_BYTES);
    if (!staged.ok) throw new Error(`a demo document was refused: ${staged.problem}`);
    // Stored (and audited) now; the consent itself was given on an earlier day.
    const givenOn = new Date(input.now.getTime() - (30 - index) * 86_400_000);
    await db.transaction().execute(async (trx) => {
      const documentId = await insertDocument(trx, masterKey, scope, {
        patientId,
        kind: kind.kind,
        upload: staged.upload,
        facts: { requestId: "seed", now: input.now },
      });
      if (kind.kind === "consent") {
        await trx.insertInto("patient_consents").values({
          practice_id: input.practiceId,
          patient_id: patientId,
          subject: "Verarbeitung von Gesundheitsdaten zur Behandlung",
          given_on: givenOn.toISOString().slice(0, 10),
          document_id: documentId,
          recorded_by: input.owner.accountId,
          recorded_at: input.now,
        }).execute();
      }
    });
    count++;
  }
  return count;
}
