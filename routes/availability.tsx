// Calendar settings: working hours and absences per practitioner, rooms, and calendar feeds.
// Everyone with the calendar sees working hours (the front desk books by them); a practitioner
// edits their own, whoever manages the calendar edits everyone's. Another practice's
// practitioner, room or entry answers 404.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceScope, queryNotice, requestFacts } from "./page.ts";
import { checkForm, parseForm, readForm, readId, singleLineText, typed } from "./validation.ts";
import { endOfHoursForm, readAbsence, readWorkingHours } from "./availability-forms.ts";
import { authorize } from "./middleware/access.ts";
import { renderError } from "./errors.tsx";
import { berlinDate } from "../lib/clock.ts";
import { permits } from "../lib/permissions.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import type { FieldErrors } from "../views/page-context.ts";
import { listLocations } from "../db/team.ts";
import { addWorkingHours, endWorkingHours, listWorkingHours, removeWorkingHours } from "../db/working-hours.ts";
import { findPractitioner, listPractitioners, mayEditAvailability, PRACTITIONER_ROLES } from "../db/calendar-access.ts";
import { addAbsence, listAbsences, removeAbsence } from "../db/absences.ts";
import { addRoom, listRooms, renameRoom, type RoomOutcome, setRoomArchived } from "../db/rooms.ts";
import {
  createFeed,
  feedFullNamesAllowed,
  isFeedDetail,
  ownFeed,
  revokeFeed,
  setFeedFullNames,
} from "../db/calendar-feeds.ts";
import { PractitionerPage } from "../views/availability/practitioner-page.tsx";
import { SettingsPage } from "../views/availability/settings-page.tsx";
import { RoomsPage } from "../views/availability/rooms-page.tsx";
import { isUuid } from "../lib/uuid.ts";
import { listAppointmentTypes, setUsualAppointmentType, usualAppointmentTypes } from "../db/appointment-types.ts";
import { setPractitionerColour } from "../db/calendar-views.ts";
import { isTypeColour } from "../lib/appointment-colours.ts";

const NOTICES: Record<string, MessageKey> = {
  hoursAdded: "availability.hoursAdded",
  hoursRemoved: "availability.hoursRemoved",
  hoursEnded: "availability.hoursEnded",
  absenceRecorded: "availability.absenceRecorded",
  absenceRemoved: "availability.absenceRemoved",
  roomSaved: "availability.roomSaved",
  feedRevoked: "availability.feedRevoked",
  policySaved: "availability.policySaved",
  usualTypeSaved: "appointmentTypes.usualTypeSaved",
  colourSaved: "calendarViews.colourSaved",
};

const practitionerColourForm = z.object({
  calendar_colour: z.string().default("").refine(
    (value) => value === "" || isTypeColour(value),
    "calendarViews.invalidColour",
  ),
});

async function practitionerPage(
  c: Context<AppEnv>,
  membershipId: string,
  options: { values?: Record<string, string>; errors?: FieldErrors; status?: 200 | 422 } = {},
) {
  const { db, clock } = c.var.deps;
  const scope = practiceScope(c);
  const practitioner = isUuid(membershipId) ? await findPractitioner(db, scope, membershipId) : undefined;
  if (!practitioner) return c.notFound();
  const [types, usual] = await Promise.all([
    listAppointmentTypes(db, scope, { includeArchived: false }),
    usualAppointmentTypes(db, scope),
  ]);
  return c.html(
    <PractitionerPage
      page={pageContext(c)}
      practitioner={practitioner}
      appointmentTypes={types}
      usualTypeId={usual.get(practitioner.id) ?? null}
      canEdit={mayEditAvailability(scope, practitioner.id)}
      hours={await listWorkingHours(db, scope, practitioner.id)}
      absences={await listAbsences(db, scope, practitioner.id, clock.now())}
      locations={await listLocations(db, scope)}
      today={berlinDate(clock.now())}
      values={options.values ?? {}}
      errors={options.errors ?? {}}
      notice={queryNotice(c, NOTICES)}
    />,
    options.status ?? 200,
  );
}

/**
 * The practitioner an edit targets, when the editor may change their availability: undefined
 * for an unknown one (404), "forbidden" for a colleague's without calendar.manage (403).
 */
async function editablePractitioner(c: Context<AppEnv>, membershipId: string) {
  const scope = practiceScope(c);
  const practitioner = isUuid(membershipId) ? await findPractitioner(c.var.deps.db, scope, membershipId) : undefined;
  if (!practitioner) return { response: c.notFound() };
  if (!mayEditAvailability(scope, practitioner.id)) {
    return { response: renderError(c, 403, "error.forbidden.title", "error.permission.body") };
  }
  return { scope, practitioner };
}

async function settingsPage(c: Context<AppEnv>, options: { newUrl?: string; status?: 200 | 422 } = {}) {
  const { db, clock } = c.var.deps;
  const scope = practiceScope(c);
  const eligible = (PRACTITIONER_ROLES as readonly string[]).includes(scope.role) &&
    permits(scope.role, scope.areas, "calendar.write");
  const live = eligible ? await ownFeed(db, scope) : undefined;
  // The page with a new feed address shows a secret: no copy may stay in a cache.
  if (options.newUrl) c.header("Cache-Control", "no-store");
  return c.html(
    <SettingsPage
      page={pageContext(c)}
      practitioners={await listPractitioners(db, scope, clock.now())}
      selfId={scope.membershipId}
      feed={{ eligible, live, newUrl: options.newUrl }}
      fullNamesAllowed={await feedFullNamesAllowed(db, scope)}
      canManage={permits(scope.role, scope.areas, "calendar.manage")}
      notice={queryNotice(c, NOTICES)}
    />,
    options.status ?? 200,
  );
}

async function roomsPage(
  c: Context<AppEnv>,
  options: { values?: Record<string, string>; errors?: FieldErrors; failedRoomId?: string; status?: 200 | 422 } = {},
) {
  const { db } = c.var.deps;
  const scope = practiceScope(c);
  return c.html(
    <RoomsPage
      page={pageContext(c)}
      rooms={await listRooms(db, scope)}
      locations={await listLocations(db, scope)}
      canManage={permits(scope.role, scope.areas, "calendar.manage")}
      values={options.values ?? {}}
      errors={options.errors ?? {}}
      failedRoomId={options.failedRoomId}
      notice={queryNotice(c, NOTICES)}
    />,
    options.status ?? 200,
  );
}

const roomName = z.object({ name: singleLineText(80) });
const newRoom = roomName.extend({ location_id: typed(readId, "availability.unknownLocation") });
const ROOM_PROBLEMS: Partial<Record<RoomOutcome, FieldErrors>> = {
  taken: { name: { key: "availability.roomTaken" } },
};

export function availabilityRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/calendar/settings", authorize("calendar.read"), (c) => settingsPage(c));

  app.get(
    "/calendar/settings/practitioners/:membershipId",
    authorize("calendar.read"),
    (c) => practitionerPage(c, c.req.param("membershipId")),
  );

  app.post("/calendar/settings/practitioners/:membershipId/working-hours", authorize("calendar.write"), async (c) => {
    const target = await editablePractitioner(c, c.req.param("membershipId"));
    if (!target.practitioner) return target.response;
    const values = await readForm(c);
    const read = readWorkingHours(values);
    if (!read.success) {
      return await practitionerPage(c, target.practitioner.id, { values, errors: read.errors, status: 422 });
    }
    const outcome = await addWorkingHours(
      c.var.deps.db,
      target.scope,
      target.practitioner.id,
      read.data,
      requestFacts(c),
    );
    if (outcome !== "added") {
      const errors: FieldErrors = outcome === "overlap"
        ? { starts: { key: "availability.hoursOverlap" } }
        : { location_id: { key: "availability.unknownLocation" } };
      return await practitionerPage(c, target.practitioner.id, { values, errors, status: 422 });
    }
    return c.redirect(`/calendar/settings/practitioners/${target.practitioner.id}?notice=hoursAdded`, 303);
  });

  app.post(
    "/calendar/settings/practitioners/:membershipId/working-hours/:entryId/delete",
    authorize("calendar.write"),
    async (c) => {
      const target = await editablePractitioner(c, c.req.param("membershipId"));
      if (!target.practitioner) return target.response;
      const entryId = c.req.param("entryId");
      const removed = isUuid(entryId) &&
        await removeWorkingHours(c.var.deps.db, target.scope, target.practitioner.id, entryId, requestFacts(c));
      if (!removed) return c.notFound();
      return c.redirect(`/calendar/settings/practitioners/${target.practitioner.id}?notice=hoursRemoved`, 303);
    },
  );

  app.post(
    "/calendar/settings/practitioners/:membershipId/working-hours/:entryId/end",
    authorize("calendar.write"),
    async (c) => {
      const target = await editablePractitioner(c, c.req.param("membershipId"));
      if (!target.practitioner) return target.response;
      const entryId = c.req.param("entryId");
      if (!isUuid(entryId)) return c.notFound();
      const values = await readForm(c);
      const read = checkForm(endOfHoursForm, values);
      const outcome = read.success
        ? await endWorkingHours(
          c.var.deps.db,
          target.scope,
          target.practitioner.id,
          entryId,
          read.data.ends_on,
          requestFacts(c),
        )
        : "invalid";
      if (outcome === "unknown") return c.notFound();
      if (outcome !== "ended") {
        const key: MessageKey = outcome === "invalid"
          ? "availability.invalidDate"
          : outcome === "overlap"
          ? "availability.hoursOverlap"
          : "availability.untilBeforeFrom";
        const errors: FieldErrors = { [`ends_on_${entryId}`]: { key } };
        return await practitionerPage(c, target.practitioner.id, { values, errors, status: 422 });
      }
      return c.redirect(`/calendar/settings/practitioners/${target.practitioner.id}?notice=hoursEnded`, 303);
    },
  );

  app.post("/calendar/settings/practitioners/:membershipId/absences", authorize("calendar.write"), async (c) => {
    const target = await editablePractitioner(c, c.req.param("membershipId"));
    if (!target.practitioner) return target.response;
    const values = await readForm(c);
    const read = readAbsence(values, c.var.lang);
    if (!read.success) {
      return await practitionerPage(c, target.practitioner.id, { values, errors: read.errors, status: 422 });
    }
    await addAbsence(c.var.deps.db, target.scope, target.practitioner.id, read.data, requestFacts(c));
    return c.redirect(`/calendar/settings/practitioners/${target.practitioner.id}?notice=absenceRecorded`, 303);
  });

  app.post(
    "/calendar/settings/practitioners/:membershipId/absences/:absenceId/delete",
    authorize("calendar.write"),
    async (c) => {
      const target = await editablePractitioner(c, c.req.param("membershipId"));
      if (!target.practitioner) return target.response;
      const absenceId = c.req.param("absenceId");
      const removed = isUuid(absenceId) &&
        await removeAbsence(c.var.deps.db, target.scope, target.practitioner.id, absenceId, requestFacts(c));
      if (!removed) return c.notFound();
      return c.redirect(`/calendar/settings/practitioners/${target.practitioner.id}?notice=absenceRemoved`, 303);
    },
  );

  app.post("/calendar/settings/practitioners/:membershipId/usual-type", authorize("calendar.write"), async (c) => {
    const target = await editablePractitioner(c, c.req.param("membershipId"));
    if (!target.practitioner) return target.response;
    const values = await readForm(c);
    const typeText = (values.usual_type_id ?? "").trim();
    const outcome = typeText && !isUuid(typeText) ? "unknown_type" : await setUsualAppointmentType(
      c.var.deps.db,
      target.scope,
      target.practitioner.id,
      typeText || null,
      requestFacts(c),
    );
    if (outcome === "unknown_type") {
      const errors: FieldErrors = { usual_type_id: { key: "appointmentTypes.unknownType" } };
      return await practitionerPage(c, target.practitioner.id, { values, errors, status: 422 });
    }
    return c.redirect(`/calendar/settings/practitioners/${target.practitioner.id}?notice=usualTypeSaved`, 303);
  });

  app.post("/calendar/settings/practitioners/:membershipId/colour", authorize("calendar.write"), async (c) => {
    const target = await editablePractitioner(c, c.req.param("membershipId"));
    if (!target.practitioner) return target.response;
    const parsed = await parseForm(c, practitionerColourForm);
    if (!parsed.success) {
      return await practitionerPage(c, target.practitioner.id, {
        values: parsed.values,
        errors: parsed.errors,
        status: 422,
      });
    }
    const colour = parsed.data.calendar_colour;
    await setPractitionerColour(
      c.var.deps.db,
      target.scope,
      target.practitioner.id,
      isTypeColour(colour) ? colour : null,
      requestFacts(c),
    );
    return c.redirect(`/calendar/settings/practitioners/${target.practitioner.id}?notice=colourSaved`, 303);
  });

  app.get("/calendar/settings/rooms", authorize("calendar.read"), (c) => roomsPage(c));

  app.post("/calendar/settings/rooms", authorize("calendar.manage"), async (c) => {
    const parsed = await parseForm(c, newRoom);
    const values = parsed.values;
    if (!parsed.success) return await roomsPage(c, { values, errors: parsed.errors, status: 422 });
    const outcome = await addRoom(
      c.var.deps.db,
      practiceScope(c),
      { locationId: parsed.data.location_id, name: parsed.data.name },
      requestFacts(c),
    );
    if (outcome === "unknown") {
      return await roomsPage(c, {
        values,
        errors: { location_id: { key: "availability.unknownLocation" } },
        status: 422,
      });
    }
    if (outcome === "taken") return await roomsPage(c, { values, errors: ROOM_PROBLEMS.taken, status: 422 });
    return c.redirect("/calendar/settings/rooms?notice=roomSaved", 303);
  });

  app.post("/calendar/settings/rooms/:roomId", authorize("calendar.manage"), async (c) => {
    const roomId = c.req.param("roomId");
    if (!isUuid(roomId)) return c.notFound();
    const values = await readForm(c);
    const parsed = checkForm(roomName, values);
    if (!parsed.success) {
      return await roomsPage(c, { values, errors: parsed.errors, failedRoomId: roomId, status: 422 });
    }
    const outcome = await renameRoom(c.var.deps.db, practiceScope(c), roomId, parsed.data.name, requestFacts(c));
    if (outcome === "unknown") return c.notFound();
    if (outcome === "taken") {
      return await roomsPage(c, { values, errors: ROOM_PROBLEMS.taken, failedRoomId: roomId, status: 422 });
    }
    return c.redirect("/calendar/settings/rooms?notice=roomSaved", 303);
  });

  for (const [action, archived] of [["archive", true], ["restore", false]] as const) {
    app.post(`/calendar/settings/rooms/:roomId/${action}`, authorize("calendar.manage"), async (c) => {
      const roomId = c.req.param("roomId");
      if (!isUuid(roomId)) return c.notFound();
      const outcome = await setRoomArchived(c.var.deps.db, practiceScope(c), roomId, archived, requestFacts(c));
      if (outcome === "unknown") return c.notFound();
      if (outcome === "taken") return await roomsPage(c, { errors: ROOM_PROBLEMS.taken, status: 422 });
      return c.redirect("/calendar/settings/rooms?notice=roomSaved", 303);
    });
  }

  app.post("/calendar/settings/feed", authorize("calendar.write"), async (c) => {
    const scope = practiceScope(c);
    // Only those with appointments of their own have a feed (the front desk writes the calendar too).
    if (!(PRACTITIONER_ROLES as readonly string[]).includes(scope.role)) return c.notFound();
    const { db, config } = c.var.deps;
    const shows = (await readForm(c)).shows ?? "busy";
    const allowed = isFeedDetail(shows) && (shows !== "full_names" || await feedFullNamesAllowed(db, scope));
    if (!allowed) return await settingsPage(c, { status: 422 });
    const token = await createFeed(db, scope, shows, requestFacts(c));
    return await settingsPage(c, { newUrl: new URL(`/calendar/feed/${token}.ics`, config.baseUrl).href });
  });

  app.post("/calendar/settings/feed/revoke", authorize("calendar.write"), async (c) => {
    await revokeFeed(c.var.deps.db, practiceScope(c), requestFacts(c));
    return c.redirect("/calendar/settings?notice=feedRevoked", 303);
  });

  app.post("/calendar/settings/feed-policy", authorize("calendar.manage"), async (c) => {
    const values = await readForm(c);
    await setFeedFullNames(c.var.deps.db, practiceScope(c), values.full_names === "yes", requestFacts(c));
    return c.redirect("/calendar/settings?notice=policySaved", 303);
  });

  return app;
}
