// Patients from another program's CSV list, for owners only: upload, map the columns, see each
// row checked by the patient form's own rules and the duplicates (same name and birth date, in
// the file or in the practice), then confirm; the import is one transaction. The file goes on
// from preview to confirmation as a hidden field of the same multipart form, so nothing of it is
// kept on the server before the confirmation.
import { Hono } from "hono";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceScope, requestFacts } from "./page.ts";
import { textValues, wholeNumberBetween } from "./validation.ts";
import { authorize } from "./middleware/access.ts";
import { streamedForm } from "./streamed-form.ts";
import { patientFormValues, readPatientForm } from "./patient-form.ts";
import { berlinDate } from "../lib/clock.ts";
import {
  type ColumnMapping,
  decodeCsv,
  IMPORT_FIELDS,
  mappingFor,
  PATIENT_CSV_MAX_BYTES,
  readCsv,
  rowValues,
} from "../lib/patient-csv.ts";
import { duplicateKey, existingPatientKeys, findImportMapping, importPatients } from "../db/patient-import.ts";
import type { PatientInput } from "../db/patients.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import { type ImportRow, PatientImportPage } from "../views/imports/patient-import-page.tsx";

/** The fields without which no row could become a patient. */
const REQUIRED_COLUMNS = ["family_name", "given_names", "date_of_birth"] as const;

type Upload = { ok: true; bytes: Uint8Array | null } | { ok: false };

/** The file part, read up to the limit; past it the form is abandoned. */
async function readUpload(c: Context<AppEnv>): Promise<Upload> {
  const form = streamedForm(c);
  let bytes: Uint8Array | null = null;
  for (let part = await form.nextFile(); part; part = await form.nextFile()) {
    if (part.name !== "file" || bytes) continue;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of form.fileChunks(part)) {
      size += chunk.length;
      if (size > PATIENT_CSV_MAX_BYTES) {
        await form.cancel();
        return { ok: false };
      }
      chunks.push(chunk);
    }
    bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
  }
  return { ok: true, bytes: bytes && bytes.length ? bytes : null };
}

function postedMapping(values: Record<string, string>, header: readonly string[]): ColumnMapping | null {
  if (!IMPORT_FIELDS.some((field) => `map_${field}` in values)) return null;
  const mapping: ColumnMapping = {};
  for (const field of IMPORT_FIELDS) {
    const column = values[`map_${field}`] ?? "";
    if (column && header.includes(column)) mapping[field] = column;
  }
  return mapping;
}

const readCount = wholeNumberBetween(0, 1_000_000);

export function patientImportRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/patients/import", authorize("patients.import"), (c) => {
    const imported = readCount(c.req.query("imported") ?? "");
    return c.html(<PatientImportPage page={pageContext(c)} imported={imported} />);
  });

  app.post("/patients/import/file", authorize("patients.import"), async (c) => {
    const { db, clock } = c.var.deps;
    const scope = practiceScope(c);
    const page = pageContext(c);
    const refuse = (problem: MessageKey, status: 413 | 422) =>
      c.html(<PatientImportPage page={page} problem={problem} />, status);
    const upload = await readUpload(c);
    if (!upload.ok) return refuse("imports.fileTooLarge", 413);
    const values = textValues(streamedForm(c).textFieldsRead());
    const decoded = upload.bytes ? decodeCsv(upload.bytes) : { text: values.csv ?? "", encoding: "utf-8" as const };
    if (!decoded.text.trim()) return refuse("imports.fileMissing", 422);
    const csv = readCsv(decoded.text, decoded.encoding);
    if (!csv.ok) return refuse(`imports.${csv.problem}`, 422);

    const mapping = postedMapping(values, csv.header) ??
      mappingFor(csv.header, await findImportMapping(db, scope));
    const unmapped = REQUIRED_COLUMNS.filter((field) => !mapping[field]);
    const today = berlinDate(clock.now());
    const existing = await existingPatientKeys(db, scope);
    const seen = new Set<string>();
    const rows: ImportRow[] = [];
    const inputs: PatientInput[] = [];
    if (unmapped.length === 0) {
      csv.rows.forEach((cells, index) => {
        const line = index + 2;
        if (cells.length !== csv.header.length) {
          rows.push({ line, values: {}, errors: { _row: { key: "imports.columnCount" } }, duplicate: null });
          return;
        }
        const formValues = patientFormValues(rowValues(csv.header, cells, mapping));
        const result = readPatientForm(formValues, today);
        if (!result.ok) {
          rows.push({ line, values: formValues, errors: result.errors, duplicate: null });
          return;
        }
        const key = duplicateKey(result.input);
        const duplicate = existing.has(key) ? "practice" : seen.has(key) ? "file" : null;
        seen.add(key);
        rows.push({ line, values: formValues, errors: null, duplicate });
        if (!duplicate) inputs.push(result.input);
      });
    }
    const failed = rows.filter((row) => row.errors).length;
    const ready = unmapped.length === 0 && failed === 0 && inputs.length > 0;
    if (values.step === "confirm" && ready) {
      const count = await importPatients(db, scope, inputs, mapping, requestFacts(c));
      return c.redirect(`/patients/import?imported=${count}`, 303);
    }
    const status = values.step === "confirm" || unmapped.length ? 422 : 200;
    return c.html(
      <PatientImportPage
        page={page}
        preview={{
          csv: decoded.text,
          header: csv.header,
          mapping,
          unmapped: [...unmapped],
          rows,
          importable: inputs.length,
          failed,
          ready,
        }}
      />,
      status,
    );
  });

  return app;
}
