// A catalogue as CSV (semicolon-separated, a header line, UTF-8): read into service lines and
// per-line errors; nothing is written here. The header names the columns in German, as the
// practice's tax advisor or association lists are headed.
import { parse } from "csv-parse/sync";
import type { Catalogue, GoaeSection, VatTreatment } from "./billing-kinds.ts";
import { CATALOGUES, VAT_TREATMENTS } from "./billing-kinds.ts";
import { GOAE_SECTIONS } from "./goae.ts";
import { readEuroAmount } from "./money.ts";

export const IMPORT_HEADER = ["katalog", "nummer", "bezeichnung", "preis", "punkte", "abschnitt", "ust"] as const;
export const IMPORT_MAX_LINES = 5000;

export interface ImportLine {
  line: number;
  catalogue: Catalogue;
  code: string;
  name: string;
  priceCents: number;
  goaePoints: number | null;
  goaeSection: GoaeSection | null;
  vatTreatment: VatTreatment;
}

export type ImportProblem =
  | "badHeader"
  | "badCatalogue"
  | "badName"
  | "badPrice"
  | "badPoints"
  | "badSection"
  | "badVat"
  | "badCode"
  | "unreadable"
  | "empty"
  | "tooMany";

export interface ImportError {
  /** 0: the file as a whole. */
  line: number;
  problem: ImportProblem;
}

// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\ufffd]/u;

function isOneOf<T extends string>(options: readonly T[], value: string): value is T {
  return (options as readonly string[]).includes(value);
}

export function readServiceCsv(text: string): { lines: ImportLine[]; errors: ImportError[] } {
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\ufeff/, ""), {
      delimiter: ";",
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch {
    return { lines: [], errors: [{ line: 0, problem: "unreadable" }] };
  }
  if (rows.length === 0) return { lines: [], errors: [{ line: 0, problem: "empty" }] };
  const header = rows[0].map((cell) => cell.toLowerCase());
  if (IMPORT_HEADER.some((name, index) => header[index] !== name)) {
    return { lines: [], errors: [{ line: 1, problem: "badHeader" }] };
  }
  if (rows.length - 1 > IMPORT_MAX_LINES) return { lines: [], errors: [{ line: 0, problem: "tooMany" }] };
  if (rows.length === 1) return { lines: [], errors: [{ line: 0, problem: "empty" }] };
  const lines: ImportLine[] = [];
  const errors: ImportError[] = [];
  const codes = new Set<string>();
  rows.slice(1).forEach((row, index) => {
    const line = index + 2;
    const [catalogue = "", code = "", name = "", price = "", points = "", section = "", vat = ""] = row;
    const fail = (problem: ImportProblem) => errors.push({ line, problem });
    if (!isOneOf(CATALOGUES, catalogue)) return fail("badCatalogue");
    if (code.length > 20 || CONTROL.test(code) || (code && codes.has(`${catalogue}:${code}`))) return fail("badCode");
    if (!name || name.length > 300 || CONTROL.test(name)) return fail("badName");
    const vatTreatment = vat || "exempt";
    if (!isOneOf(VAT_TREATMENTS, vatTreatment)) return fail("badVat");
    let goaePoints: number | null = null;
    let goaeSection: GoaeSection | null = null;
    let priceCents = 0;
    if (catalogue === "goae") {
      if (!/^\d{1,6}$/.test(points) || Number(points) < 1 || Number(points) > 100000) return fail("badPoints");
      goaePoints = Number(points);
      const chosen = section || "personal";
      if (!isOneOf(GOAE_SECTIONS, chosen)) return fail("badSection");
      goaeSection = chosen;
    } else {
      const cents = readEuroAmount(price);
      if (cents === null) return fail("badPrice");
      priceCents = cents;
    }
    if (code) codes.add(`${catalogue}:${code}`);
    lines.push({ line, catalogue, code, name, priceCents, goaePoints, goaeSection, vatTreatment });
  });
  return { lines, errors };
}
