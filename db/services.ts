// The practice's service catalogue: own services, GOÄ and GebüH items. A service never changes
// in place: a revision adds a version, and invoice items keep the version they used. Services
// are archived, never deleted. Appointment types carry default services; an appointment
// carries its planned services, which attendance confirms as done.
import { sql, type Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { Catalogue, GoaeSection, VatTreatment } from "./schema-billing.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { goaeSimpleFeeCents } from "../lib/goae.ts";

type Executor = Db | Transaction<Database>;

export interface ServiceInput {
  catalogue: Catalogue;
  code: string;
  name: string;
  priceCents: number;
  durationMinutes: number | null;
  vatTreatment: VatTreatment;
  goaePoints: number | null;
  goaeSection: GoaeSection | null;
  rangeMinCents: number | null;
  rangeMaxCents: number | null;
}

export interface Service extends ServiceInput {
  id: string;
  versionId: string;
  version: number;
  archivedAt: Date | null;
}

export type ServiceOutcome = { ok: true; id: string } | { ok: false; problem: "unknown" | "taken" };

function currentVersions(db: Executor, scope: PracticeScope) {
  return db.selectFrom("services as s")
    .innerJoin("service_versions as v", "v.service_id", "s.id")
    .where("s.practice_id", "=", scope.practiceId)
    .where("v.version", "=", sql<number>`(select max(version) from service_versions where service_id = s.id)`)
    .select([
      "s.id",
      "s.catalogue",
      "s.code",
      "s.archived_at",
      "v.id as version_id",
      "v.version",
      "v.name",
      "v.price_cents",
      "v.duration_minutes",
      "v.vat_treatment",
      "v.goae_points",
      "v.goae_section",
      "v.range_min_cents",
      "v.range_max_cents",
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof currentVersions>["executeTakeFirstOrThrow"]>>;

function toService(row: Row): Service {
  return {
    id: row.id,
    catalogue: row.catalogue,
    code: row.code,
    archivedAt: row.archived_at,
    versionId: row.version_id,
    version: row.version,
    name: row.name,
    priceCents: row.price_cents,
    durationMinutes: row.duration_minutes,
    vatTreatment: row.vat_treatment,
    goaePoints: row.goae_points,
    goaeSection: row.goae_section,
    rangeMinCents: row.range_min_cents,
    rangeMaxCents: row.range_max_cents,
  };
}

export async function listServices(
  db: Executor,
  scope: PracticeScope,
  options: { includeArchived: boolean } = { includeArchived: false },
): Promise<Service[]> {
  let query = currentVersions(db, scope);
  if (!options.includeArchived) query = query.where("s.archived_at", "is", null);
  const rows = await query.orderBy("s.archived_at", (ob) => ob.nullsFirst()).orderBy("s.catalogue")
    .orderBy("s.code").orderBy("v.name").execute();
  return rows.map(toService);
}

export async function findService(db: Executor, scope: PracticeScope, id: string): Promise<Service | undefined> {
  const row = await currentVersions(db, scope).where("s.id", "=", id).executeTakeFirst();
  return row ? toService(row) : undefined;
}

/** A GOÄ item's price is its simple fee (points × point value); the factor comes with the invoice. */
function versionValues(input: ServiceInput) {
  return {
    name: input.name,
    price_cents: input.catalogue === "goae" && input.goaePoints
      ? goaeSimpleFeeCents(input.goaePoints)
      : input.priceCents,
    duration_minutes: input.durationMinutes,
    vat_treatment: input.vatTreatment,
    goae_points: input.catalogue === "goae" ? input.goaePoints : null,
    goae_section: input.catalogue === "goae" ? input.goaeSection ?? "personal" : null,
    range_min_cents: input.catalogue === "gebueh" ? input.rangeMinCents : null,
    range_max_cents: input.catalogue === "gebueh" ? input.rangeMaxCents : null,
  };
}

async function codeTaken(trx: Transaction<Database>, scope: PracticeScope, input: ServiceInput, exceptId?: string) {
  if (!input.code) return false;
  let query = trx.selectFrom("services").select("id").where("practice_id", "=", scope.practiceId)
    .where("catalogue", "=", input.catalogue).where("code", "=", input.code).where("archived_at", "is", null);
  if (exceptId) query = query.where("id", "<>", exceptId);
  return !!(await query.executeTakeFirst());
}

async function audit(
  trx: Transaction<Database>,
  scope: PracticeScope,
  action: string,
  subjectId: string,
  facts: RequestFacts,
  details: Record<string, string | number | boolean | null> = {},
) {
  await appendAuditEvent(trx, {
    practiceId: scope.practiceId,
    action,
    actorAccountId: scope.accountId,
    subjectType: "service",
    subjectId,
    requestId: facts.requestId,
    occurredAt: facts.now,
    details,
  });
}

async function insertService(trx: Transaction<Database>, scope: PracticeScope, input: ServiceInput, now: Date) {
  const service = await trx.insertInto("services").values({
    practice_id: scope.practiceId,
    catalogue: input.catalogue,
    code: input.code,
    created_at: now,
  }).returning("id").executeTakeFirstOrThrow();
  await trx.insertInto("service_versions").values({
    practice_id: scope.practiceId,
    service_id: service.id,
    version: 1,
    created_by: scope.accountId,
    created_at: now,
    ...versionValues(input),
  }).execute();
  return service.id;
}

export async function createService(
  db: Db,
  scope: PracticeScope,
  input: ServiceInput,
  facts: RequestFacts,
): Promise<ServiceOutcome> {
  return await db.transaction().execute(async (trx) => {
    if (await codeTaken(trx, scope, input)) return { ok: false, problem: "taken" };
    const id = await insertService(trx, scope, input, facts.now);
    await audit(trx, scope, "service.created", id, facts, { catalogue: input.catalogue });
    return { ok: true, id };
  });
}

/** A change is a new version; the catalogue stays, and items already invoiced keep theirs. */
export async function reviseService(
  db: Db,
  scope: PracticeScope,
  id: string,
  input: Omit<ServiceInput, "catalogue">,
  facts: RequestFacts,
): Promise<ServiceOutcome> {
  return await db.transaction().execute(async (trx) => {
    const service = await trx.selectFrom("services").select(["id", "catalogue"]).where("id", "=", id)
      .where("practice_id", "=", scope.practiceId).where("archived_at", "is", null).forUpdate().executeTakeFirst();
    if (!service) return { ok: false, problem: "unknown" };
    const full = { ...input, catalogue: service.catalogue };
    if (await codeTaken(trx, scope, full, id)) return { ok: false, problem: "taken" };
    const last = await trx.selectFrom("service_versions").select((eb) => eb.fn.max("version").as("version"))
      .where("service_id", "=", id).executeTakeFirstOrThrow();
    await trx.updateTable("services").set({ code: input.code }).where("id", "=", id).execute();
    await trx.insertInto("service_versions").values({
      practice_id: scope.practiceId,
      service_id: id,
      version: Number(last.version) + 1,
      created_by: scope.accountId,
      created_at: facts.now,
      ...versionValues(full),
    }).execute();
    await audit(trx, scope, "service.revised", id, facts, { version: Number(last.version) + 1 });
    return { ok: true, id };
  });
}

export async function setServiceArchived(
  db: Db,
  scope: PracticeScope,
  id: string,
  archived: boolean,
  facts: RequestFacts,
): Promise<ServiceOutcome> {
  return await db.transaction().execute(async (trx) => {
    const result = await trx.updateTable("services").set({ archived_at: archived ? facts.now : null })
      .where("id", "=", id).where("practice_id", "=", scope.practiceId).executeTakeFirst();
    if (result.numUpdatedRows === 0n) return { ok: false, problem: "unknown" };
    await audit(trx, scope, archived ? "service.archived" : "service.restored", id, facts);
    return { ok: true, id };
  });
}

/** A confirmed import: every line, in one transaction; lines whose code exists revise that service. */
export async function importServices(
  db: Db,
  scope: PracticeScope,
  lines: ServiceInput[],
  facts: RequestFacts,
): Promise<{ created: number; revised: number }> {
  return await db.transaction().execute(async (trx) => {
    let created = 0, revised = 0;
    for (const line of lines) {
      const existing = line.code
        ? await trx.selectFrom("services").select("id").where("practice_id", "=", scope.practiceId)
          .where("catalogue", "=", line.catalogue).where("code", "=", line.code).where("archived_at", "is", null)
          .executeTakeFirst()
        : undefined;
      if (existing) {
        const last = await trx.selectFrom("service_versions").select((eb) => eb.fn.max("version").as("version"))
          .where("service_id", "=", existing.id).executeTakeFirstOrThrow();
        await trx.insertInto("service_versions").values({
          practice_id: scope.practiceId,
          service_id: existing.id,
          version: Number(last.version) + 1,
          created_by: scope.accountId,
          created_at: facts.now,
          ...versionValues(line),
        }).execute();
        revised++;
      } else {
        await insertService(trx, scope, line, facts.now);
        created++;
      }
    }
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "service.imported",
      actorAccountId: scope.accountId,
      subjectType: "practice",
      subjectId: scope.practiceId,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: { created, revised },
    });
    return { created, revised };
  });
}

/** The default services of an appointment type ("Leistungskette"). */
export async function typeServiceIds(db: Executor, scope: PracticeScope, typeId: string): Promise<string[]> {
  const rows = await db.selectFrom("appointment_type_services").select("service_id")
    .where("practice_id", "=", scope.practiceId).where("appointment_type_id", "=", typeId).execute();
  return rows.map((row) => row.service_id);
}

/** Replaces a type's default services; false when the type or a service is not the practice's. */
export async function setTypeServices(
  db: Db,
  scope: PracticeScope,
  typeId: string,
  serviceIds: string[],
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const type = await trx.selectFrom("appointment_types").select("id").where("id", "=", typeId)
      .where("practice_id", "=", scope.practiceId).executeTakeFirst();
    if (!type) return false;
    const unique = [...new Set(serviceIds)];
    if (unique.length) {
      const known = await trx.selectFrom("services").select("id").where("practice_id", "=", scope.practiceId)
        .where("archived_at", "is", null).where("id", "in", unique).execute();
      if (known.length !== unique.length) return false;
    }
    await trx.deleteFrom("appointment_type_services").where("appointment_type_id", "=", typeId)
      .where("practice_id", "=", scope.practiceId).execute();
    if (unique.length) {
      await trx.insertInto("appointment_type_services").values(unique.map((serviceId) => ({
        practice_id: scope.practiceId,
        appointment_type_id: typeId,
        service_id: serviceId,
      }))).execute();
    }
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "appointment_type.services_set",
      actorAccountId: scope.accountId,
      subjectType: "appointment_type",
      subjectId: typeId,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: { services: unique.length },
    });
    return true;
  });
}

export interface AppointmentService {
  id: string;
  serviceId: string;
  name: string;
  code: string;
  catalogue: Catalogue;
  quantity: number;
  status: "planned" | "done";
  invoiceId: string | null;
}

export async function listAppointmentServices(
  db: Executor,
  scope: PracticeScope,
  appointmentId: string,
): Promise<AppointmentService[]> {
  const rows = await currentVersions(db, scope)
    .innerJoin("appointment_services as a", "a.service_id", "s.id")
    .where("a.appointment_id", "=", appointmentId).where("a.practice_id", "=", scope.practiceId)
    .select(["a.id as planned_id", "a.quantity", "a.status", "a.invoice_id"])
    .orderBy("a.created_at").execute();
  return rows.map((row) => ({
    id: row.planned_id,
    serviceId: row.id,
    name: row.name,
    code: row.code,
    catalogue: row.catalogue,
    quantity: row.quantity,
    status: row.status,
    invoiceId: row.invoice_id,
  }));
}

/**
 * Plans a service on an appointment of the practice; once the appointment is attended the
 * service is done at once. False when the appointment or service is unknown.
 */
export async function planAppointmentService(
  db: Db,
  scope: PracticeScope,
  appointmentId: string,
  serviceId: string,
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const appointment = await trx.selectFrom("appointments").select(["id", "status"])
      .where("id", "=", appointmentId).where("practice_id", "=", scope.practiceId).executeTakeFirst();
    const service = await trx.selectFrom("services").select("id").where("id", "=", serviceId)
      .where("practice_id", "=", scope.practiceId).where("archived_at", "is", null).executeTakeFirst();
    if (!appointment || !service || appointment.status === "cancelled") return false;
    const row = await trx.insertInto("appointment_services").values({
      practice_id: scope.practiceId,
      appointment_id: appointmentId,
      service_id: serviceId,
      status: appointment.status === "attended" ? "done" : "planned",
      created_at: facts.now,
    }).returning("id").executeTakeFirstOrThrow();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "appointment.service_planned",
      actorAccountId: scope.accountId,
      subjectType: "appointment",
      subjectId: appointmentId,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: { appointment_service_id: row.id },
    });
    return true;
  });
}

/** Removes a service from an appointment, as long as no invoice bills it. */
export async function removeAppointmentService(
  db: Db,
  scope: PracticeScope,
  appointmentId: string,
  plannedId: string,
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom("appointment_services").where("id", "=", plannedId)
      .where("appointment_id", "=", appointmentId).where("practice_id", "=", scope.practiceId)
      .where("invoice_id", "is", null).executeTakeFirst();
    if (removed.numDeletedRows === 0n) return false;
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "appointment.service_removed",
      actorAccountId: scope.accountId,
      subjectType: "appointment",
      subjectId: appointmentId,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: { appointment_service_id: plannedId },
    });
    return true;
  });
}

/**
 * Attendance confirms what was done: the planned services become done; an appointment without
 * planned services gets its type's default services, done. A no-show plans nothing more.
 */
export async function confirmAppointmentServices(
  trx: Transaction<Database>,
  practiceId: string,
  appointmentId: string,
  status: "attended" | "no_show",
  now: Date,
): Promise<void> {
  if (status !== "attended") {
    await trx.updateTable("appointment_services").set({ status: "planned" }).where("practice_id", "=", practiceId)
      .where("appointment_id", "=", appointmentId).where("invoice_id", "is", null).execute();
    return;
  }
  const planned = await trx.selectFrom("appointment_services").select("id").where("practice_id", "=", practiceId)
    .where("appointment_id", "=", appointmentId).execute();
  if (planned.length === 0) {
    await trx.insertInto("appointment_services").columns([
      "practice_id",
      "appointment_id",
      "service_id",
      "quantity",
      "status",
      "created_at",
    ]).expression((eb) =>
      eb.selectFrom("appointment_type_services as d").innerJoin(
        "appointments as a",
        "a.appointment_type_id",
        "d.appointment_type_id",
      )
        .innerJoin("services as s", "s.id", "d.service_id")
        .where("a.id", "=", appointmentId).where("a.practice_id", "=", practiceId).where("s.archived_at", "is", null)
        .select([
          "a.practice_id",
          "a.id",
          "d.service_id",
          "d.quantity",
          sql<string>`'done'`.as("status"),
          sql<Date>`${now}::timestamptz`.as("created_at"),
        ])
    ).execute();
  }
  await trx.updateTable("appointment_services").set({ status: "done" }).where("practice_id", "=", practiceId)
    .where("appointment_id", "=", appointmentId).execute();
}

/**
 * The documentation confirms what was done: a finalized note for an appointment that has begun and
 * is still only booked marks it attended, which confirms its services for billing (as attendance
 * does). An appointment already attended, a no-show or a cancelled one stays as it is.
 */
export async function confirmByDocumentation(
  trx: Transaction<Database>,
  scope: PracticeScope,
  appointmentId: string,
  facts: RequestFacts,
): Promise<void> {
  const marked = await trx.updateTable("appointments").set({
    status: "attended",
    updated_by: scope.accountId,
    updated_at: facts.now,
    version: sql`version + 1`,
  }).where("id", "=", appointmentId).where("practice_id", "=", scope.practiceId).where("status", "=", "booked")
    .where("starts_at", "<=", facts.now).executeTakeFirst();
  if (marked.numUpdatedRows === 0n) return;
  await confirmAppointmentServices(trx, scope.practiceId, appointmentId, "attended", facts.now);
  await appendAuditEvent(trx, {
    practiceId: scope.practiceId,
    action: "appointment.attended",
    actorAccountId: scope.accountId,
    subjectType: "appointment",
    subjectId: appointmentId,
    requestId: facts.requestId,
    occurredAt: facts.now,
    details: { by_documentation: true },
  });
}

/** When booked with a type, the appointment starts with the type's default services planned. */
export async function planTypeServices(
  trx: Transaction<Database>,
  practiceId: string,
  appointmentIds: string[],
  now: Date,
) {
  await trx.insertInto("appointment_services").columns([
    "practice_id",
    "appointment_id",
    "service_id",
    "quantity",
    "created_at",
  ]).expression((eb) =>
    eb.selectFrom("appointment_type_services as d").innerJoin(
      "appointments as a",
      "a.appointment_type_id",
      "d.appointment_type_id",
    )
      .where("a.id", "in", appointmentIds).where("a.practice_id", "=", practiceId)
      .where((w) =>
        w.not(
          w.exists(w.selectFrom("appointment_services as x").select("x.id").whereRef("x.appointment_id", "=", "a.id")),
        )
      )
      .select(["a.practice_id", "a.id", "d.service_id", "d.quantity", sql<Date>`${now}::timestamptz`.as("created_at")])
  ).execute();
}

/** Whether the appointment is one of the practice's (its services page answers 404 otherwise). */
export async function appointmentKnown(db: Executor, scope: PracticeScope, appointmentId: string): Promise<boolean> {
  return !!(await db.selectFrom("appointments").select("id").where("id", "=", appointmentId)
    .where("practice_id", "=", scope.practiceId).executeTakeFirst());
}

export async function typeOfPractice(db: Executor, scope: PracticeScope, typeId: string) {
  return await db.selectFrom("appointment_types").select(["id", "name"]).where("id", "=", typeId)
    .where("practice_id", "=", scope.practiceId).executeTakeFirst();
}
