// Documentation templates and the sentences demo entries are written from: plausible for a
// practice of physiotherapy, psychotherapy (Heilpraktiker) and naturopathy, and free of any real
// person's data. An entry picks one or two sentences per heading, so entries differ.
import { noteAssociatedData, type NoteField } from "../../lib/note-content.ts";

export interface TemplateText {
  name: string;
  headings: string[];
  /** Sentences per heading, in the order of the headings. */
  sentences: string[][];
}

export const TEMPLATE_TEXTS: TemplateText[] = [
  {
    name: "Physiotherapie – Verlauf",
    headings: ["Befund", "Behandlung", "Reaktion", "Plan"],
    sentences: [
      [
        "Schmerzen im Bereich der LWS, NRS 5/10, Ausstrahlung ins linke Gesäß.",
        "Schulter rechts: Abduktion aktiv bis 110°, endgradig schmerzhaft.",
        "Deutlich verbesserte Beweglichkeit der HWS, Rotation beidseits frei.",
        "Knie links nach VKB-Plastik (12. Woche), Extension frei, Flexion 120°.",
        "Muskulärer Hartspann im M. trapezius pars descendens beidseits.",
        "Gangbild sicher, leichte Schonhaltung beim Treppensteigen.",
        "Patient berichtet über nächtliche Schmerzen, Schlaf unterbrochen.",
        "Schmerz heute geringer als beim letzten Termin (NRS 3/10).",
      ],
      [
        "Manuelle Therapie der LWS, Mobilisation L4/L5, anschließend Wärmeanwendung.",
        "Krankengymnastik am Gerät: Beinpresse, Rudern, Rumpfstabilisation.",
        "Weichteiltechniken Schulter-Nacken-Bereich, Triggerpunktbehandlung.",
        "Koordinations- und Gleichgewichtstraining auf instabiler Unterlage.",
        "Lymphdrainage 45 Minuten, Kompressionsbandage neu angelegt.",
        "Heimübungsprogramm besprochen und gemeinsam durchgeführt.",
      ],
      [
        "Behandlung gut vertragen, Schmerz nach der Behandlung NRS 2/10.",
        "Leichte Muskelermüdung, keine Zunahme der Beschwerden.",
        "Patientin fühlt sich nach der Behandlung deutlich entspannter.",
        "Kurzzeitige Schmerzverstärkung bei Mobilisation, danach rückläufig.",
      ],
      [
        "Weiter wie bisher, Steigerung der Belastung in der nächsten Einheit.",
        "Heimübungen täglich, Kontrolle der Ausführung beim nächsten Termin.",
        "Rücksprache mit dem verordnenden Arzt wegen Folgeverordnung.",
        "Noch vier Einheiten der aktuellen Verordnung offen.",
      ],
    ],
  },
  {
    name: "Psychotherapeutisches Gespräch",
    headings: ["Anliegen", "Inhalt", "Beobachtung", "Vereinbarung"],
    sentences: [
      [
        "Anhaltende Erschöpfung und Schlafprobleme seit dem Arbeitsplatzwechsel.",
        "Wunsch, besser mit Konflikten in der Familie umgehen zu können.",
        "Prüfungsangst vor der anstehenden Abschlussprüfung.",
        "Trauer nach dem Tod der Mutter vor vier Monaten.",
        "Grübeln am Abend, Schwierigkeiten abzuschalten.",
      ],
      [
        "Arbeit an den Auslösern der Anspannung anhand eines Wochenprotokolls.",
        "Ressourcenorientiertes Gespräch, Sammeln hilfreicher Erfahrungen der letzten Woche.",
        "Einführung in die progressive Muskelentspannung, gemeinsame Übung.",
        "Besprechung von Grenzen im Berufsalltag, Rollenspiel für das Gespräch mit der Vorgesetzten.",
        "Rückblick auf die bisherigen Sitzungen und Zwischenbilanz.",
      ],
      [
        "Offen und zugewandt, im Verlauf zunehmend entspannter.",
        "Affekt gedrückt, Schwingungsfähigkeit erhalten; keine Hinweise auf Eigengefährdung.",
        "Wirkt ausgeruhter als in den Vorwochen, berichtet von besserem Schlaf.",
        "Emotional bewegt beim Thema Familie, konnte sich gut wieder sammeln.",
      ],
      [
        "Schlafprotokoll bis zum nächsten Termin weiterführen.",
        "Entspannungsübung täglich zehn Minuten.",
        "Nächster Termin in zwei Wochen, bei Bedarf früher.",
        "Gespräch mit dem Partner vorbereiten und in der nächsten Sitzung auswerten.",
      ],
    ],
  },
  {
    name: "Naturheilkundliche Behandlung",
    headings: ["Beschwerden", "Untersuchung", "Therapie", "Empfehlung"],
    sentences: [
      [
        "Wiederkehrende Spannungskopfschmerzen, v. a. nachmittags.",
        "Verdauungsbeschwerden mit Völlegefühl nach dem Essen.",
        "Infektanfälligkeit in den Wintermonaten, derzeit abklingende Erkältung.",
        "Innere Unruhe und Einschlafstörungen.",
      ],
      [
        "RR 128/82 mmHg, Puls 72/min regelmäßig.",
        "Abdomen weich, kein Druckschmerz, Darmgeräusche regelrecht.",
        "Zungenbelag leicht weißlich, sonst unauffällig.",
        "Verspannung der Nackenmuskulatur tastbar.",
      ],
      [
        "Akupunktur nach TCM, 12 Nadeln, Verweildauer 25 Minuten.",
        "Schröpfmassage des Rückens.",
        "Neuraltherapie an den Triggerpunkten der Schulter.",
        "Ausführliche Ernährungsberatung.",
      ],
      [
        "Ausreichend trinken, Spaziergänge an der frischen Luft.",
        "Kontrolle in drei Wochen.",
        "Bei Verschlechterung Vorstellung beim Hausarzt.",
        "Tagebuch über Kopfschmerzen und Auslöser führen.",
      ],
    ],
  },
];

/** A deterministic pseudo-random number generator (mulberry32), so a seed run is reproducible. */
export function randomGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** The fields of one entry written from a template: one or two sentences under each heading. */
export function noteFields(random: () => number, template: TemplateText): NoteField[] {
  return template.headings.map((heading, i) => {
    const pool = template.sentences[i];
    const first = pick(random, pool);
    const second = random() < 0.5 ? pick(random, pool) : first;
    return { heading, text: second === first ? first : `${first} ${second}` };
  });
}

/**
 * Encrypts entries exactly as db/notes.ts does (lib/envelope-encryption.ts: AES-256-GCM, the
 * 12-byte IV in front; JSON `{fields}`; associated data naming the practice and the entry), with
 * the key imported once: the scale set seals 300,000 entries, and importing the key for each
 * one doubles the time.
 */
export async function noteSealer(key: Uint8Array, practiceId: string) {
  const cryptoKey = await crypto.subtle.importKey("raw", key as BufferSource, "AES-GCM", false, ["encrypt"]);
  return async (noteId: string, fields: NoteField[]): Promise<Uint8Array> => {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: encoder.encode(noteAssociatedData(practiceId, noteId)) },
      cryptoKey,
      encoder.encode(JSON.stringify({ fields })),
    );
    const out = new Uint8Array(12 + sealed.byteLength);
    out.set(iv);
    out.set(new Uint8Array(sealed), 12);
    return out;
  };
}

const encoder = new TextEncoder();
