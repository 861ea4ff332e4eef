// Appointment types of the practice: everyone with the calendar sees them (the front desk books
// by them); whoever manages the calendar adds, edits, archives and restores them. Another
// practice's type or room answers 404 or a message beside the field, never a change.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceScope, queryNotice, requestFacts } from "./page.ts";
import { checkForm, personName, readForm } from "./validation.ts";
import { authorize } from "./middleware/access.ts";
import { permits } from "../lib/permissions.ts";
import { isTypeColour, TYPE_MAX_MINUTES, TYPE_MIN_MINUTES } from "../lib/appointment-colours.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import { isUuid } from "../lib/uuid.ts";
import type { FieldErrors } from "../views/page-context.ts";
import {
  type AppointmentTypeInput,
  createAppointmentType,
  findAppointmentType,
  listAppointmentTypes,
  setAppointmentTypeArchived,
  type TypeOutcome,
  updateAppointmentType,
} from "../db/appointment-types.ts";
import { bookableRooms, calendarLocations } from "../db/calendar-access.ts";
import { AppointmentTypePage, AppointmentTypesPage } from "../views/availability/appointment-types-page.tsx";

const NOTICES: Record<string, MessageKey> = {
  created: "appointmentTypes.createdNotice",
  saved: "appointmentTypes.savedNotice",
  archived: "appointmentTypes.archivedNotice",
  restored: "appointmentTypes.restoredNotice",
};

const typeForm = z.object({
  // Stored in the one normalised form of names, so an invisible character cannot make a twin.
  name: personName(60),
  duration: z.string({ error: "appointmentTypes.invalidDuration" }).trim()
    .regex(/^\d{1,3}$/, "appointmentTypes.invalidDuration")
    .transform(Number)
    .refine((n) => n >= TYPE_MIN_MINUTES && n <= TYPE_MAX_MINUTES, "appointmentTypes.invalidDuration"),
  colour: z.string({ error: "appointmentTypes.invalidColour" }).refine(isTypeColour, "appointmentTypes.invalidColour"),
  default_room_id: z.string().optional().transform((value) => (value ?? "").trim())
    .refine((value) => value === "" || isUuid(value), "appointmentTypes.unknownRoom"),
  bookable_online: z.string().optional(),
});

/** The typed type, or the messages beside its fields. */
function readType(values: Record<string, string>): { input?: AppointmentTypeInput; errors: FieldErrors } {
  const parsed = checkForm(typeForm, values);
  if (!parsed.success) return { errors: parsed.errors };
  const data = parsed.data;
  return {
    input: {
      name: data.name,
      durationMinutes: data.duration,
      colour: data.colour as AppointmentTypeInput["colour"],
      defaultRoomId: data.default_room_id || null,
      bookableOnline: data.bookable_online === "yes",
    },
    errors: {},
  };
}

const PROBLEMS: Record<Exclude<TypeOutcome, { ok: true }>["problem"], FieldErrors> = {
  unknown: {},
  taken: { name: { key: "appointmentTypes.nameTaken" } },
  room: { default_room_id: { key: "appointmentTypes.unknownRoom" } },
};

/** The rooms a type may default to: those in use at the locations the member sees. */
async function roomChoices(c: Context<AppEnv>) {
  const { db } = c.var.deps;
  const scope = practiceScope(c);
  const [locations, rooms] = await Promise.all([calendarLocations(db, scope), bookableRooms(db, scope)]);
  const locationName = new Map(locations.map((l) => [l.id, l.name]));
  return rooms.filter((room) => locationName.has(room.location_id)).map((room) => ({
    id: room.id,
    label: locations.length > 1 ? `${room.name} (${locationName.get(room.location_id)})` : room.name,
  }));
}

async function listPage(
  c: Context<AppEnv>,
  options: { values?: Record<string, string>; errors?: FieldErrors; status?: 200 | 422 } = {},
) {
  const scope = practiceScope(c);
  return c.html(
    <AppointmentTypesPage
      page={pageContext(c)}
      types={await listAppointmentTypes(c.var.deps.db, scope, { includeArchived: true })}
      rooms={await roomChoices(c)}
      canManage={permits(scope.role, scope.areas, "calendar.manage")}
      values={options.values ?? {}}
      errors={options.errors ?? {}}
      notice={queryNotice(c, NOTICES)}
    />,
    options.status ?? 200,
  );
}

async function editPage(
  c: Context<AppEnv>,
  typeId: string,
  options: { values?: Record<string, string>; errors?: FieldErrors; status?: 200 | 422 } = {},
) {
  const type = isUuid(typeId) ? await findAppointmentType(c.var.deps.db, practiceScope(c), typeId) : undefined;
  if (!type) return c.notFound();
  return c.html(
    <AppointmentTypePage
      page={pageContext(c)}
      type={type}
      rooms={await roomChoices(c)}
      values={options.values}
      errors={options.errors ?? {}}
    />,
    options.status ?? 200,
  );
}

export function appointmentTypeRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/calendar/settings/types", authorize("calendar.read"), (c) => listPage(c));

  app.post("/calendar/settings/types", authorize("calendar.manage"), async (c) => {
    const values = await readForm(c);
    const read = readType(values);
    if (!read.input) return await listPage(c, { values, errors: read.errors, status: 422 });
    const outcome = await createAppointmentType(c.var.deps.db, practiceScope(c), read.input, requestFacts(c));
    if (!outcome.ok) return await listPage(c, { values, errors: PROBLEMS[outcome.problem], status: 422 });
    return c.redirect("/calendar/settings/types?notice=created", 303);
  });

  app.get("/calendar/settings/types/:typeId", authorize("calendar.manage"), (c) => editPage(c, c.req.param("typeId")));

  app.post("/calendar/settings/types/:typeId", authorize("calendar.manage"), async (c) => {
    const typeId = c.req.param("typeId");
    if (!isUuid(typeId)) return c.notFound();
    const values = await readForm(c);
    const read = readType(values);
    if (!read.input) return await editPage(c, typeId, { values, errors: read.errors, status: 422 });
    const outcome = await updateAppointmentType(c.var.deps.db, practiceScope(c), typeId, read.input, requestFacts(c));
    if (!outcome.ok && outcome.problem === "unknown") return c.notFound();
    if (!outcome.ok) return await editPage(c, typeId, { values, errors: PROBLEMS[outcome.problem], status: 422 });
    return c.redirect("/calendar/settings/types?notice=saved", 303);
  });

  for (const [action, archived] of [["archive", true], ["restore", false]] as const) {
    app.post(`/calendar/settings/types/:typeId/${action}`, authorize("calendar.manage"), async (c) => {
      const typeId = c.req.param("typeId");
      if (!isUuid(typeId)) return c.notFound();
      const outcome = await setAppointmentTypeArchived(
        c.var.deps.db,
        practiceScope(c),
        typeId,
        archived,
        requestFacts(c),
      );
      if (!outcome.ok && outcome.problem === "unknown") return c.notFound();
      if (!outcome.ok) return await listPage(c, { errors: PROBLEMS[outcome.problem], status: 422 });
      return c.redirect(`/calendar/settings/types?notice=${archived ? "archived" : "restored"}`, 303);
    });
  }

  return app;
}
