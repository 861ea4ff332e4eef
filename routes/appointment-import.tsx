// Appointments from another program's calendar export (.ics), for owners only: choose the file,
// the practitioner and the location; see each event with its time, or why it cannot be taken
// (a whole day, a repeating rule, another time zone, no end) or that it collides with the
// practitioner's appointments or absences or an earlier event of the file; confirm. The events
// without a problem are imported in one transaction; the file's text goes on from preview to
// confirmation in the same multipart form.
import { Hono } from "hono";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceScope, requestFacts } from "./page.ts";
import { hasForbiddenCharacters, readId, textValues, wholeNumberBetween } from "./validation.ts";
import { authorize } from "./middleware/access.ts";
import { streamedForm } from "./streamed-form.ts";
import { readIcsEvents } from "../lib/ics-events.ts";
import { PATIENT_CSV_MAX_BYTES } from "../lib/patient-csv.ts";
import { calendarLocations, listPractitioners } from "../db/calendar-access.ts";
import { collidingSlots, importAppointments, type ImportedAppointment } from "../db/appointment-import.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import { AppointmentImportPage, type EventRow } from "../views/imports/appointment-import-page.tsx";

const TITLE_MAX = 200;
const readCount = wholeNumberBetween(0, 1_000_000);

/** The file part as text, or null past the size limit (the form is then abandoned). */
async function readUpload(c: Context<AppEnv>): Promise<{ ok: true; text: string | null } | { ok: false }> {
  const form = streamedForm(c);
  let text: string | null = null;
  for (let part = await form.nextFile(); part; part = await form.nextFile()) {
    if (part.name !== "file" || text !== null) continue;
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
    if (size) text = new TextDecoder("utf-8").decode(await new Blob(chunks as BlobPart[]).bytes());
  }
  return { ok: true, text };
}

export function appointmentImportRoutes() {
  const app = new Hono<AppEnv>();

  async function choices(c: Context<AppEnv>) {
    const { db, clock } = c.var.deps;
    const scope = practiceScope(c);
    return {
      practitioners: await listPractitioners(db, scope, clock.now()),
      locations: await calendarLocations(db, scope),
    };
  }

  app.get("/calendar/import", authorize("calendar.import"), async (c) => {
    const imported = readCount(c.req.query("imported") ?? "");
    return c.html(
      <AppointmentImportPage page={pageContext(c)} {...await choices(c)} values={{}} imported={imported} />,
    );
  });

  app.post("/calendar/import/file", authorize("calendar.import"), async (c) => {
    const { db } = c.var.deps;
    const scope = practiceScope(c);
    const page = pageContext(c);
    const upload = await readUpload(c);
    const options = await choices(c);
    const refuse = (values: Record<string, string>, problem: MessageKey, status: 413 | 422) =>
      c.html(<AppointmentImportPage page={page} {...options} values={values} problem={problem} />, status);
    if (!upload.ok) return refuse({}, "imports.fileTooLarge", 413);
    const values = textValues(streamedForm(c).textFieldsRead());
    const practitionerId = readId(values.practitioner_id ?? "");
    const locationId = readId(values.location_id ?? "");
    const practitioner = options.practitioners.find((p) => p.id === practitionerId);
    const location = options.locations.find((l) => l.id === locationId);
    if (!practitioner || !location) return refuse(values, "imports.choosePlacement", 422);
    if (practitioner.locationIds && !practitioner.locationIds.includes(location.id)) {
      return refuse(values, "calendar.practitionerNotAtLocation", 422);
    }
    const text = upload.text ?? values.ics ?? "";
    const events = readIcsEvents(text);
    if (events.length === 0) return refuse(values, "imports.noEvents", 422);

    const timed = events.filter((event) => !event.problem);
    const colliding = await collidingSlots(
      db,
      scope,
      practitioner.id,
      timed.map((event) => ({ startsAt: event.startsAt!, endsAt: event.endsAt! })),
    );
    const rows: EventRow[] = [];
    const accepted: ImportedAppointment[] = [];
    let timedIndex = 0;
    for (const event of events) {
      let problem: MessageKey | null = event.problem ? `imports.event.${event.problem}` : null;
      if (!event.problem) {
        const index = timedIndex++;
        const overlapsEarlier = accepted.some((a) => a.startsAt < event.endsAt! && a.endsAt > event.startsAt!);
        if (colliding.has(index)) problem = "imports.event.conflict";
        else if (overlapsEarlier) problem = "imports.event.overlapsInFile";
        else if (event.summary.length > TITLE_MAX || hasForbiddenCharacters(event.summary)) {
          problem = "imports.event.badTitle";
        }
      }
      rows.push({
        index: event.index,
        summary: event.summary,
        startsAt: event.startsAt,
        endsAt: event.endsAt,
        problem,
      });
      if (!problem) accepted.push({ title: event.summary, startsAt: event.startsAt!, endsAt: event.endsAt! });
    }
    if (values.step === "confirm" && accepted.length) {
      const outcome = await importAppointments(
        db,
        scope,
        { practitionerId: practitioner.id, locationId: location.id },
        accepted,
        requestFacts(c),
      );
      if (outcome.ok) return c.redirect(`/calendar/import?imported=${outcome.count}`, 303);
    }
    return c.html(
      <AppointmentImportPage
        page={page}
        {...options}
        values={values}
        preview={{ ics: text, rows, importable: accepted.length }}
      />,
      values.step !== "confirm" ? 200 : accepted.length ? 409 : 422,
    );
  });

  return app;
}
