// Patients: the daily list and its search, master data (create, edit with optimistic
// concurrency, archive, restore), the record page (every view audited) and consent records.
import { Hono } from "hono";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceScope, queryNotice, requestFacts, wantsPartial } from "./page.ts";
import { readForm } from "./validation.ts";
import { authorize } from "./middleware/access.ts";
import { patientFormValues, patientToFormValues, readPatientForm } from "./patient-form.ts";
import { consentRoutes } from "./patient-consents.tsx";
import { renderRecord } from "./patient-record.tsx";
import { berlinDate } from "../lib/clock.ts";
import { readPatientQuery } from "../lib/patient-query.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import {
  createPatient,
  findDuplicates,
  findPatient,
  searchPatients,
  setPatientArchived,
  updatePatient,
  viewPatient,
} from "../db/patients.ts";
import {
  PatientListPage,
  type PatientListState,
  PatientPicker,
  PatientRows,
  searchUrl,
} from "../views/patients/list-page.tsx";
import { PatientFormPage } from "../views/patients/patient-form-page.tsx";
import { isUuid } from "../lib/uuid.ts";

const PAGE_SIZE = 25;

const NOTICES: Record<string, MessageKey> = {
  created: "patient.createdNotice",
  updated: "patient.updatedNotice",
  archived: "patient.archivedNotice",
  restored: "patient.restoredNotice",
  consent: "patient.consentNotice",
  withdrawn: "patient.withdrawnNotice",
};

/** The list state a search request asks for; archived patients only for those allowed to see them. */
async function listState(c: Context<AppEnv>): Promise<PatientListState> {
  const { db, clock } = c.var.deps;
  const query = (c.req.query("q") ?? "").slice(0, 200);
  const includeArchived = c.req.query("archived") === "1" && pageContext(c).can("patients.archived");
  const offset = Math.max(0, Math.min(10_000, Number.parseInt(c.req.query("offset") ?? "0", 10) || 0));
  const found = await searchPatients(db, practiceScope(c), {
    query: readPatientQuery(query, clock.now()),
    includeArchived,
    limit: PAGE_SIZE,
    offset,
  });
  return { query, includeArchived, offset, pageSize: PAGE_SIZE, ...found };
}

function today(c: Context<AppEnv>): string {
  return berlinDate(c.var.deps.clock.now());
}

export function patientRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/patients", authorize("patients.master"), async (c) => {
    return c.html(<PatientListPage page={pageContext(c)} state={await listState(c)} />);
  });

  // The rows of a search while typing; the picker of other forms asks with picker=1.
  app.get("/patients/search", authorize("patients.master"), async (c) => {
    const state = await listState(c);
    if (!wantsPartial(c)) return c.html(<PatientListPage page={pageContext(c)} state={state} />);
    if (c.req.query("picker") === "1") return c.html(<PatientPicker page={pageContext(c)} state={state} />);
    // The list's own address goes into the history (hx-push-url), so reload and back keep the search.
    if (state.offset === 0) c.header("HX-Push-Url", searchUrl("/patients", state, 0));
    return c.html(<PatientRows page={pageContext(c)} state={state} />);
  });

  app.get("/patients/new", authorize("patients.master"), (c) => {
    const values = patientFormValues({ insurance_kind: "statutory", country: "DE" });
    return c.html(<PatientFormPage page={pageContext(c)} mode={{ kind: "new" }} values={values} errors={{}} />);
  });

  app.post("/patients", authorize("patients.master"), async (c) => {
    const posted = await readForm(c);
    const values = patientFormValues(posted);
    const form = readPatientForm(values, today(c));
    const page = pageContext(c);
    if (!form.ok) {
      return c.html(<PatientFormPage page={page} mode={{ kind: "new" }} values={values} errors={form.errors} />, 422);
    }
    const { db } = c.var.deps;
    const scope = practiceScope(c);
    if (posted.confirm_duplicate !== "yes") {
      const duplicates = await findDuplicates(db, scope, form.input);
      if (duplicates.length) {
        return c.html(
          <PatientFormPage page={page} mode={{ kind: "new" }} values={values} errors={{}} duplicates={duplicates} />,
          409,
        );
      }
    }
    const id = await createPatient(db, scope, form.input, requestFacts(c));
    return c.redirect(`/patients/${id}?notice=created`, 303);
  });

  app.get(
    "/patients/:id",
    authorize("patients.master"),
    (c) => renderRecord(c, c.req.param("id"), { notice: queryNotice(c, NOTICES) }),
  );

  app.get("/patients/:id/edit", authorize("patients.master"), async (c) => {
    const patient = await viewPatient(c.var.deps.db, practiceScope(c), c.req.param("id"), requestFacts(c), "edit");
    if (!patient) return c.notFound();
    if (patient.archived_at) return c.redirect(`/patients/${patient.id}`, 303);
    return c.html(
      <PatientFormPage
        page={pageContext(c)}
        mode={{ kind: "edit", patientId: patient.id, version: patient.version }}
        values={patientToFormValues(patient)}
        errors={{}}
      />,
    );
  });

  app.post("/patients/:id", authorize("patients.master"), async (c) => {
    const { db } = c.var.deps;
    const scope = practiceScope(c);
    const patient = await findPatient(db, scope, c.req.param("id"));
    if (!patient) return c.notFound();
    const posted = await readForm(c);
    const values = patientFormValues(posted);
    const version = Number.parseInt(posted.version ?? "", 10);
    const mode = { kind: "edit", patientId: patient.id, version: Number.isSafeInteger(version) ? version : 0 } as const;
    const page = pageContext(c);
    if (patient.archived_at) {
      return await renderRecord(c, patient.id, { problem: "patient.archivedReadOnly", status: 409 });
    }
    if (!Number.isSafeInteger(version) || version !== patient.version) {
      return c.html(<PatientFormPage page={page} mode={mode} values={values} errors={{}} stale />, 409);
    }
    const form = readPatientForm(values, today(c));
    if (!form.ok) return c.html(<PatientFormPage page={page} mode={mode} values={values} errors={form.errors} />, 422);
    const identityChanged = form.input.family_name !== patient.family_name ||
      form.input.given_names !== patient.given_names ||
      form.input.date_of_birth !== (patient.date_of_birth?.toISOString().slice(0, 10) ?? null);
    if (identityChanged && posted.confirm_duplicate !== "yes") {
      const duplicates = await findDuplicates(db, scope, form.input, patient.id);
      if (duplicates.length) {
        return c.html(
          <PatientFormPage page={page} mode={mode} values={values} errors={{}} duplicates={duplicates} />,
          409,
        );
      }
    }
    const outcome = await updatePatient(db, scope, patient.id, version, form.input, requestFacts(c));
    if (outcome === "unknown") return c.notFound();
    if (outcome === "stale") {
      return c.html(<PatientFormPage page={page} mode={mode} values={values} errors={{}} stale />, 409);
    }
    return c.redirect(`/patients/${patient.id}?notice=updated`, 303);
  });

  for (
    const [path, archived, permission] of [["archive", true, "patients.master"], [
      "restore",
      false,
      "patients.archived",
    ]] as const
  ) {
    app.post(`/patients/:id/${path}`, authorize(permission), async (c) => {
      const id = c.req.param("id");
      if (!isUuid(id)) return c.notFound();
      const outcome = await setPatientArchived(c.var.deps.db, practiceScope(c), id, archived, requestFacts(c));
      if (outcome === "unknown") return c.notFound();
      return c.redirect(`/patients/${id}?notice=${archived ? "archived" : "restored"}`, 303);
    });
  }

  app.route("/", consentRoutes());
  return app;
}
