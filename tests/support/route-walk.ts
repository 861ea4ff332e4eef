// The role × route walk: every practice route (lib/permissions.ts decides each) requested by a
// signed-in member of every role, with real ids of real objects of the practice, so an allowed
// route reaches its real answer. One walk per test run, shared by the permission test and the
// page-policy test (tests/security), which read what it recorded.
import { type Permission, permits, type Role, ROLES } from "../../lib/permissions.ts";
import { generatePublicId, generateSecretToken, hashSecret } from "../../lib/secret-token.ts";
import { createFactorKeyring } from "../../lib/factor-secrets.ts";
import { generateTotpSecret } from "../../lib/totp.ts";
import { createTestApp } from "./test-app.ts";
import { type Page, TestClient } from "./http-client.ts";
import { signedInOwner } from "./practice-fixtures.ts";
import { addMember, signedInMember } from "./team-fixtures.ts";
import { pdfBytes, uploadDocument } from "./document-fixtures.ts";
import { insertPatient, patientFields } from "./patient-fixtures.ts";
import { storedAppointment } from "../integration/notes-fixtures.ts";
import { billingUrlOf, type BillingWalkObjects, createBillingObjects } from "./billing-walk.ts";
import { createDunningObjects, dunningUrlOf, type DunningWalkObjects } from "./dunning-walk.ts";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** A route as Hono lists it: "METHOD /path/:param". */
export type RouteKey = string;

export interface Visit {
  role: Role;
  route: RouteKey;
  permission: Permission;
  allowed: boolean;
  url: string;
  page: Page;
}

/** The practice routes of the app and the permission each carries. */
export function practiceRouteTable(app: { routes: { method: string; path: string; handler: unknown }[] }) {
  const table = new Map<RouteKey, Permission>();
  for (const route of app.routes) {
    const permission = (route.handler as { permission?: Permission }).permission;
    if (permission && route.method !== "ALL") table.set(`${route.method} ${route.path}`, permission);
  }
  return table;
}

/** The objects one role's turn works on: fresh for each role, so one role's changes never decide another's answer. */
export interface WalkObjects {
  patientId: string;
  appointmentId: string;
  noteId: string;
  templateId: string;
  documentId: string;
  shareLinkId: string;
  roomId: string;
  appointmentTypeId: string;
  consentId: string;
  invitationId: string;
  invitationCode: string;
  locationId: string;
  practitionerMembershipId: string;
  memberMembershipId: string;
  memberFactorId: string;
  workingHoursId: string;
  absenceId: string;
  browserId: string;
  approvalId: string;
  channelConsentId: string;
  failedMessageId: string;
  /** Online bookings held for the practice's decision: one to confirm, one to decline. */
  heldBookingIds: { confirm: string; decline: string };
  /** Pending patients from online bookings: one to accept, one to merge into the walk's patient. */
  pendingPatientIds: { accept: string; merge: string };
  proposalId: string;
  billing: BillingWalkObjects;
  dunning: DunningWalkObjects;
}

interface Walk {
  visits: Visit[];
  /** How many practice routes the app has. */
  routes: number;
}

let walk: Promise<Walk> | undefined;

/** Every (role, route) answer of one practice; walked once per test run. */
export function walkEveryRoute(): Promise<Walk> {
  walk ??= runWalk();
  return walk;
}

async function runWalk(): Promise<Walk> {
  const t = await createTestApp();
  const ownerClient = new TestClient(t.app);
  const owner = await signedInOwner(ownerClient, t.db, t.clock);
  const table = practiceRouteTable(t.app);
  // Pages first, then the forms; forms that end or remove something last, so they do not decide
  // what the other forms of the same role find.
  const ending = /\/(discard|end|lock|remove|withdraw|revoke|cancel|rotate)$|decision/;
  const removing = /\/(archive|delete)$|\/team\/members\/:membershipId\/end$/;
  const rank = (route: string) => route.startsWith("GET") ? 0 : removing.test(route) ? 3 : ending.test(route) ? 2 : 1;
  const ordered = [...table].sort(([a], [b]) => rank(a) - rank(b));
  const visits: Visit[] = [];
  for (const role of ROLES) {
    const member = await addMember(t.db, t.masterKey, owner.practiceId, role);
    const client = await signedInMember(t.app, t.clock, member);
    const objects = await createObjects(t, ownerClient, owner, { role, client, ...member });
    // Where each form was found: a form is read afresh from its page right before it is sent.
    const formPages = new Map<string, string>();
    for (const [route, permission] of ordered) {
      const [method, path] = route.split(" ");
      const url = urlOf(path, objects);
      const c = ROUTE_CASES[route];
      const formPage = formPages.get(url);
      const offered = formPage ? formsOf((await client.get(formPage)).html).get(url) : undefined;
      const fields = { ...offered, ...c?.form?.(objects) };
      const page = method === "GET" ? await client.get(url) : await client.post(url, fields);
      if (method === "GET" && page.status === 200) {
        for (const action of formsOf(page.html).keys()) if (!formPages.has(action)) formPages.set(action, url);
      }
      visits.push({ role, route, permission, allowed: permits(role, [], permission), url, page });
    }
  }
  return { visits, routes: table.size };
}

/** The fields each form of a page would send as it stands (hidden values, filled inputs, chosen options). */
function formsOf(html: string): Map<string, Record<string, string>> {
  const found = new Map<string, Record<string, string>>();
  for (const form of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const action = form[1].match(/\saction="([^"]*)"/)?.[1]?.replaceAll("&amp;", "&");
    if (!action || !/method="post"/i.test(form[1])) continue;
    const fields: Record<string, string> = {};
    for (const input of form[2].matchAll(/<input\b([^>]*)>/g)) {
      const name = input[1].match(/\sname="([^"]*)"/)?.[1];
      const type = input[1].match(/\stype="([^"]*)"/)?.[1] ?? "text";
      if (!name || name === "_csrf" || type === "file") continue;
      if ((type === "checkbox" || type === "radio") && !/\schecked/.test(input[1])) continue;
      const value = input[1].match(/\svalue="([^"]*)"/)?.[1];
      if (value !== undefined) fields[name] = decodeEntities(value);
      else if (type === "checkbox") fields[name] = "on";
    }
    const button = form[2].match(/<button\b[^>]*\sname="([^"]*)"[^>]*\svalue="([^"]*)"/);
    if (button) fields[button[1]] = decodeEntities(button[2]);
    for (const area of form[2].matchAll(/<textarea\b[^>]*\sname="([^"]*)"[^>]*>([^<]*)<\/textarea>/g)) {
      fields[area[1]] = decodeEntities(area[2]);
    }
    for (const select of form[2].matchAll(/<select\b[^>]*\sname="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
      const chosen = select[2].match(/<option\b[^>]*\svalue="([^"]*)"[^>]*\sselected/) ??
        select[2].match(/<option\b[^>]*\svalue="([^"]*)"/);
      if (chosen) fields[select[1]] = decodeEntities(chosen[1]);
    }
    found.set(action, fields);
  }
  return found;
}

function decodeEntities(text: string): string {
  return text.replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

/**
 * What an allowed request answers when it does what it is for. A route not listed is a page that
 * answers 200. A form is posted with the fields its page offers (as a browser would send it),
 * completed by `form`; `byRole` is where the route itself answers a role differently, and why.
 */
export interface RouteCase {
  form?: (o: WalkObjects) => Record<string, string>;
  expect: number;
  byRole?: Partial<Record<Role, number>>;
  why: string;
}

const unique = () => crypto.randomUUID().slice(0, 8);
const notApprover = { practitioner: 404, front_desk: 404, billing: 404, third_party: 404 };

export const ROUTE_CASES: Record<RouteKey, RouteCase> = {
  "GET /calendar": { expect: 303, why: "the calendar opens on the person's last view (this week's at first)" },
  "GET /calendar/day-sheet": { expect: 200, why: "the day sheet to print, without clinical content" },
  "GET /practice/browsers/:id": { expect: 200, byRole: notApprover, why: "only approvers see a held browser" },
  "GET /documents/:id/preview": { expect: 404, why: "a PDF has no preview; images have one" },
  "POST /billing/dunning/run": {
    form: () => ({ invoice_ids: crypto.randomUUID() }),
    expect: 409,
    why: "an invoice the practice does not have is never due: the page says nothing is due",
  },
  "POST /billing/dunning/settings": { expect: 303, why: "saves the levels as the page offers them" },
  "GET /billing/invoices/:id/xrechnung": {
    expect: 404,
    why: "an e-invoice exists only for an issued invoice to a company; the walk hands it a draft to a patient",
  },
  "GET /billing/invoices/:id/zugferd": {
    expect: 404,
    why: "an e-invoice exists only for an issued invoice to a company; the walk hands it a draft to a patient",
  },
  "GET /billing/exports/archive": { expect: 422, why: "without a period the exports page asks for one" },
  "GET /billing/exports/datev": { expect: 422, why: "without a period the exports page asks for one" },
  "GET /billing/exports/gdpdu": { expect: 422, why: "without a period the exports page asks for one" },
  "POST /billing/exports/datev-settings": {
    form: () => ({
      consultant_number: "1234567",
      client_number: "10042",
      fiscal_year_start: "01-01",
      account_length: "4",
      chart: "SKR03",
    }),
    expect: 303,
    why: "saves the DATEV settings (the proposed accounts as the page offers them)",
  },
  "POST /team/locations": { form: () => ({ name: `Filiale ${unique()}` }), expect: 303, why: "adds a location" },
  "POST /practice/access": { expect: 303, why: "saves the policy as shown" },
  "POST /practice/access/members/:id": { expect: 303, why: "saves a member's network exception" },
  "POST /practice/browsers/:id/:decision{approve|deny|revoke}": {
    expect: 303,
    byRole: notApprover,
    why: "an approver approves the held browser; to anyone else it does not exist",
  },
  "POST /practice/approvals/:id/:decision{approve|reject|withdraw}": {
    expect: 303,
    byRole: { front_desk: 404, billing: 404, third_party: 404 },
    why: "an owner rejects the request; its requester (the practitioner) is told it is their own",
  },
  "POST /team/members/:membershipId/lock": {
    form: () => ({ reason: "Schlüssel verlegt" }),
    expect: 303,
    why: "locks the member",
  },
  "POST /team/members/:membershipId/unlock": {
    form: () => ({ reason: "Schlüssel gefunden" }),
    expect: 303,
    why: "unlocks the member",
  },
  "POST /team/members/:membershipId/sessions/end": {
    form: () => ({ reason: "Gerät verloren" }),
    expect: 303,
    why: "ends the member's sessions",
  },
  "POST /team/members/:membershipId/end": {
    form: () => ({ reason: "Ausgeschieden" }),
    expect: 303,
    why: "ends the membership",
  },
  "POST /team/members/:membershipId/end-date": {
    form: () => ({ ends_on: "2099-12-31", reason: "Befristet" }),
    expect: 303,
    why: "sets an end date",
  },
  "POST /team/members/:membershipId/factors/:factorId/lock": {
    form: () => ({ reason: "Telefon verloren" }),
    expect: 303,
    why: "locks the member's authenticator app",
  },
  "POST /team/members/:membershipId/factors/:factorId/remove": {
    form: () => ({ reason: "Telefon ersetzt" }),
    expect: 303,
    why: "removes the member's authenticator app",
  },
  "POST /team/lock-practice": {
    expect: 422,
    why: "locking the whole practice would end the walk: without a reason it is refused beside the field",
  },
  "POST /team/members/:membershipId/yubikey": {
    expect: 422,
    why: "without the key's values it is refused beside the fields (team-keys tests the key itself)",
  },
  "POST /team/members/:membershipId/reissue": {
    form: () => ({ reason: "Neues Telefon" }),
    expect: 200,
    why: "shows the new activation code",
  },
  "POST /team/invitations": {
    form: () => ({
      name: "Lea Neu",
      email: `lea.${unique()}@praxis.example`,
      role: "practitioner",
      language: "de",
      scope: "all",
    }),
    expect: 200,
    why: "shows the activation code for the letter",
  },
  "POST /team/invitations/:id/letter": {
    form: (o) => ({ code: o.invitationCode }),
    expect: 200,
    why: "the activation letter as PDF",
  },
  "POST /team/invitations/:id/code": { expect: 200, why: "shows a new activation code" },
  "POST /team/invitations/:id/withdraw": { expect: 303, why: "withdraws the invitation" },
  "GET /patients/import": { expect: 200, why: "the patient import's upload form" },
  "POST /patients/import/file": {
    expect: 400,
    why: "the CSV comes as a multipart upload that streams; a plain form is a malformed request",
  },
  "GET /calendar/import": { expect: 200, why: "the appointment import's upload form" },
  "POST /calendar/import/file": {
    expect: 400,
    why: "the calendar file comes as a multipart upload that streams; a plain form is a malformed request",
  },
  "POST /patients": {
    form: () => patientFields({ family_name: `Neu${unique()}`, given_names: "Berta" }),
    expect: 303,
    why: "creates a patient",
  },
  "POST /patients/:id": {
    form: () => ({ ...patientFields({ family_name: "Walk", given_names: "Rundgang" }) }),
    expect: 303,
    why: "saves the master data",
  },
  "POST /patients/:id/archive": { expect: 303, why: "archives the record" },
  "POST /patients/:id/restore": { expect: 303, why: "restores an archived record" },
  "POST /patients/:id/consents": {
    expect: 400,
    why:
      "a consent comes as a multipart form (its fields stream with the signed file); a plain form is a malformed request",
  },
  "POST /patients/:id/consents/:consentId/withdraw": {
    form: () => ({ withdrawn_on: "2026-02-01" }),
    expect: 303,
    why: "records the withdrawal",
  },
  "POST /calendar/new": { expect: 303, why: "keeps the form as typed and shows it again after a redirect" },
  "POST /calendar/appointments": {
    form: (o) => ({
      practitioner_id: o.practitionerMembershipId,
      location_id: o.locationId,
      room_id: "",
      patient_id: o.patientId,
      date: "2099-06-01",
      time: "09:00",
      duration: "45",
      title: "Erstgespräch",
      repeat: "none",
      allow_overlap: "yes",
    }),
    expect: 303,
    why: "books the appointment",
  },
  "POST /calendar/appointments/:id/move": {
    form: () => ({ allow_overlap: "yes" }),
    expect: 303,
    why: "moves the appointment (outside the working hours, on purpose)",
  },
  "POST /calendar/appointments/:id/cancel": {
    form: () => ({ reason: "Patientin krank" }),
    expect: 303,
    why: "cancels the appointment",
  },
  "POST /calendar/appointments/:id/attendance": { expect: 303, why: "marks it attended" },
  "GET /notices": { expect: 200, why: "what waits for the person (for most roles: nothing)" },
  "GET /notices/badge": { expect: 200, why: "the header's count, empty when nothing waits" },
  "GET /protocol": { expect: 200, why: "the practice's audit log, newest first" },
  "GET /protocol/export": { expect: 422, why: "without a period the export form is shown again with the messages" },
  "POST /protocol/verify": { expect: 200, why: "walks the practice's chain and shows the verdict" },
  "POST /today/appointments/:id/check-in": {
    expect: 303,
    why: "checks in the patient of yesterday's appointment that nobody closed yet",
  },
  "POST /today/appointments/:id/check-in/undo": { expect: 303, why: "takes the check-in back" },
  "POST /today/appointments/:id/attendance": {
    form: () => ({ version: "1", status: "attended" }),
    expect: 303,
    why: "marks it attended from the today list (before the calendar's own form does)",
  },
  "POST /calendar/settings/practitioners/:membershipId/working-hours": {
    form: () => ({ weekday: "2", starts: "13:00", ends: "17:00", valid_from: "2026-01-01" }),
    expect: 303,
    byRole: { front_desk: 403 },
    why: "adds working hours; a colleague's need calendar.manage",
  },
  "POST /calendar/settings/practitioners/:membershipId/working-hours/:entryId/delete": {
    expect: 303,
    byRole: { front_desk: 403 },
    why: "removes working hours; a colleague's need calendar.manage",
  },
  "POST /calendar/settings/practitioners/:membershipId/working-hours/:entryId/end": {
    form: () => ({ ends_on: "2099-12-31" }),
    expect: 303,
    byRole: { front_desk: 403 },
    why: "ends working hours; a colleague's need calendar.manage",
  },
  "POST /calendar/settings/practitioners/:membershipId/absences": {
    form: () => ({ start_date: "2099-04-01", end_date: "2099-04-02", kind: "training" }),
    expect: 303,
    byRole: { front_desk: 403 },
    why: "records an absence; a colleague's need calendar.manage",
  },
  "POST /calendar/settings/practitioners/:membershipId/absences/:absenceId/delete": {
    expect: 303,
    byRole: { front_desk: 403 },
    why: "removes an absence; a colleague's need calendar.manage",
  },
  "POST /calendar/settings/rooms": {
    form: (o) => ({ location_id: o.locationId, name: `Raum ${unique()}` }),
    expect: 303,
    why: "adds a room",
  },
  "POST /calendar/settings/rooms/:roomId": { expect: 303, why: "saves the room" },
  "POST /calendar/settings/rooms/:roomId/archive": { expect: 303, why: "archives the room" },
  "POST /calendar/settings/rooms/:roomId/restore": { expect: 303, why: "restores the room" },
  "POST /calendar/settings/practitioners/:membershipId/usual-type": {
    expect: 303,
    byRole: { front_desk: 403 },
    why: "sets the usual appointment type; a colleague's needs calendar.manage",
  },
  "POST /calendar/settings/practitioners/:membershipId/colour": {
    form: () => ({ calendar_colour: "green" }),
    expect: 303,
    byRole: { front_desk: 403 },
    why: "sets the practitioner's colour; a colleague's needs calendar.manage",
  },
  "POST /calendar/settings/types": {
    form: () => ({ name: `Terminart ${unique()}`, duration: "45", colour: "blue" }),
    expect: 303,
    why: "adds an appointment type",
  },
  "POST /calendar/settings/types/:typeId": { expect: 303, why: "saves the appointment type" },
  "POST /calendar/settings/types/:typeId/archive": { expect: 303, why: "archives the appointment type" },
  "POST /calendar/settings/types/:typeId/restore": { expect: 303, why: "restores the appointment type" },
  "POST /calendar/settings/feed": {
    expect: 200,
    byRole: { front_desk: 404 },
    why: "shows the new feed address; only those with appointments of their own have a feed",
  },
  "POST /calendar/settings/feed/revoke": { expect: 303, why: "revokes the feed address" },
  "POST /calendar/settings/feed-policy": { expect: 303, why: "saves what feeds show" },
  "POST /notes/templates": {
    form: () => ({ name: `Vorlage ${unique()}`, headings: "Anliegen\nBefund" }),
    expect: 303,
    why: "adds a template",
  },
  "POST /notes/settings": { expect: 303, why: "saves the finalizing period" },
  "POST /notes/templates/:id": { expect: 303, why: "saves the template" },
  "POST /notes/templates/:id/archive": { expect: 303, why: "archives the template" },
  "POST /notes/templates/:id/restore": { expect: 303, why: "restores the template" },
  "POST /patients/:id/notes": {
    form: () => ({ template_id: "", appointment_id: "", field_0: "Zweiter Eintrag" }),
    expect: 303,
    why: "saves a draft",
  },
  "POST /notes/:id": { expect: 303, why: "saves the draft" },
  "POST /notes/:id/finalize": { expect: 303, why: "finalizes the author's own draft" },
  "POST /notes/:id/amendments": {
    form: () => ({ reason: "Ergänzung", field_0: "Nachtrag" }),
    expect: 303,
    why: "amends the finalized note",
  },
  "POST /notes/:id/discard": {
    expect: 303,
    why: "the walk finalized the note first: discarding it is refused with a notice on the note",
  },
  "POST /patients/:id/documents": {
    expect: 400,
    why: "a document comes as a multipart upload that streams; a plain form is a malformed request",
  },
  "POST /documents/:id/share-links": {
    form: () => ({ valid_hours: "24", max_uses: "1" }),
    expect: 200,
    why: "shows the new share link",
  },
  "POST /share-links/:id/revoke": { expect: 303, why: "revokes the share link" },
  "POST /practice/data-key/rotate": { expect: 303, why: "starts the key rotation" },
  "POST /patients/:id/messages/consents": {
    form: () => ({ channel: "sms", given_on: "2026-01-05" }),
    expect: 303,
    why: "records consent to SMS",
  },
  "POST /patients/:id/messages/consents/:channelConsentId/withdraw": {
    form: () => ({ withdrawn_on: "2026-02-01" }),
    expect: 303,
    why: "records the withdrawal of the email consent",
  },
  "POST /patients/:id/messages/preferences": { expect: 303, why: "saves the message preferences as shown" },
  "POST /calendar/messages/:id/resend": { expect: 303, why: "sends the failed message again" },
  "POST /calendar/appointments/:id/notice-dismissed": { expect: 303, why: "removes the not-notified mark" },
  "POST /calendar/settings/messages": { expect: 303, why: "saves the message settings as shown" },
  "POST /calendar/settings/messages/templates/:kind/:language": { expect: 303, why: "saves the template as shown" },
  "POST /calendar/settings/messages/templates/:kind/:language/reset": {
    expect: 303,
    why: "restores the shipped template",
  },
  "POST /calendar/online-bookings/:id/confirm": { expect: 303, why: "confirms a held online booking" },
  "POST /calendar/online-bookings/:id/decline": { expect: 303, why: "declines (and cancels) a held online booking" },
  "POST /calendar/online-bookings/patients/:id/accept": { expect: 303, why: "takes a pending patient on as new" },
  "POST /calendar/online-bookings/patients/:id/merge": {
    form: (o) => ({ target_id: o.patientId }),
    expect: 303,
    why: "merges a pending patient into the walk's patient",
  },
  "POST /calendar/settings/online-booking": { expect: 303, why: "saves the online booking settings as shown" },
  "POST /calendar/proposals": {
    expect: 422,
    why: "without chosen slots it is refused beside the field (booking-waiting-proposals sends real ones)",
  },
  "POST /calendar/proposals/:id/withdraw": { expect: 303, why: "withdraws the open proposal" },
  "POST /billing/invoices": { form: (o) => ({ patient_id: o.billing.patientId }), expect: 303, why: "creates a draft" },
  "POST /billing/invoices/:id/recipient": {
    form: () => ({ payer_id: "", language: "en" }),
    expect: 303,
    why: "sets the recipient",
  },
  "POST /billing/invoices/:id/items": {
    form: () => ({ service_date: "2026-12-01", description: "Sitzung", price: "80", quantity: "1", vat: "exempt" }),
    expect: 303,
    why: "adds a free item",
  },
  "POST /billing/invoices/:id/items/:itemId/factor": {
    form: () => ({ factor: "1,8" }),
    expect: 303,
    why: "sets the factor",
  },
  "POST /billing/invoices/:id/items/:itemId/remove": { expect: 303, why: "removes an item" },
  "POST /billing/invoices/:id/issue": { expect: 303, why: "issues a draft" },
  "POST /billing/invoices/:id/delete": { expect: 303, why: "deletes a draft" },
  "POST /billing/invoices/:id/email": { expect: 303, why: "queues the invoice mail with its PDF" },
  "POST /billing/invoices/:id/payments": {
    form: () => ({ amount: "10,00", method: "cash", paid_on: "2026-12-02" }),
    expect: 303,
    why: "records a payment (the front desk only where the owner allows it: not in the walk)",
  },
  "POST /billing/invoices/:id/payments/:paymentId/reverse": {
    form: () => ({ reversed_on: "2026-12-03" }),
    expect: 303,
    why: "reverses a payment on the day named",
  },
  "POST /billing/invoices/:id/write-off": {
    form: () => ({ written_off: "yes" }),
    expect: 303,
    why: "writes the rest off",
  },
  "POST /billing/invoices/:id/cancel": { expect: 303, why: "cancels an issued invoice without payments" },
  "POST /billing/services": {
    form: () => ({ catalogue: "own", name: `Leistung ${unique()}`, price: "50", vat: "exempt" }),
    expect: 303,
    why: "adds a service",
  },
  "POST /billing/services/:id": { expect: 303, why: "saves a new version of the service" },
  "POST /billing/services/:id/archive": { expect: 303, why: "archives the service" },
  "POST /billing/settings": { expect: 303, why: "saves the billing settings as shown" },
  "POST /billing/services/import": {
    form: () => ({
      csv: `katalog;nummer;bezeichnung;preis;punkte;abschnitt;ust\nown;;Sitzung ${unique()};60;;;`,
      step: "confirm",
    }),
    expect: 303,
    why: "imports a catalogue line",
  },
  "POST /billing/patients/:patientId/payers": {
    form: () => ({ kind: "company", name: "Firma Beispiel GmbH", address: "Weg 1", email: "", language: "de" }),
    expect: 303,
    why: "adds a payer",
  },
  "POST /billing/patients/:patientId/payers/:payerId/archive": { expect: 303, why: "removes a payer" },
  "POST /billing/patients/:patientId/fee-agreements": {
    form: () => ({ agreed_on: "2026-11-02", goae_code: "1", factor: "4,0", subject: "Schriftlich vereinbart" }),
    expect: 303,
    why: "records a fee agreement",
  },
  "POST /billing/appointments/:id/services": { expect: 303, why: "plans a service (the first one offered)" },
  "POST /billing/appointments/:id/services/:plannedId/remove": { expect: 303, why: "removes a planned service" },
  "POST /billing/types/:typeId": { expect: 303, why: "saves the type's default services as shown" },
};

function urlOf(path: string, o: WalkObjects): string {
  if (path.startsWith("/billing/dunning/")) return dunningUrlOf(path, o.dunning);
  if (path.startsWith("/billing/")) return billingUrlOf(path, o.billing);
  const online: Record<string, string> = {
    "/calendar/online-bookings/:id/confirm": `/calendar/online-bookings/${o.heldBookingIds.confirm}/confirm`,
    "/calendar/online-bookings/:id/decline": `/calendar/online-bookings/${o.heldBookingIds.decline}/decline`,
    "/calendar/online-bookings/patients/:id/accept":
      `/calendar/online-bookings/patients/${o.pendingPatientIds.accept}/accept`,
    "/calendar/online-bookings/patients/:id/merge":
      `/calendar/online-bookings/patients/${o.pendingPatientIds.merge}/merge`,
    "/calendar/proposals/:id/withdraw": `/calendar/proposals/${o.proposalId}/withdraw`,
  };
  if (online[path]) return online[path];
  const byPrefix: [RegExp, string][] = [
    [/^\/patients\/:(id|patientId)/, o.patientId],
    [/^\/notes\/templates\/:id/, o.templateId],
    [/^\/notes\/:id/, o.noteId],
    [/^\/documents\/:id/, o.documentId],
    [/^\/share-links\/:id/, o.shareLinkId],
    [/^\/calendar\/appointments\/:id/, o.appointmentId],
    [/^\/today\/appointments\/:id/, o.appointmentId],
    [/^\/calendar\/messages\/:id/, o.failedMessageId],
    [/^\/team\/invitations\/:id/, o.invitationId],
    [/^\/practice\/browsers\/:id/, o.browserId],
    [/^\/practice\/approvals\/:id/, o.approvalId],
    [/^\/practice\/access\/members\/:id/, o.memberMembershipId],
    [/^\/team\/members\/:membershipId/, o.memberMembershipId],
  ];
  let url = path;
  for (const [pattern, id] of byPrefix) {
    if (pattern.test(url)) url = url.replace(/:(id|patientId|membershipId)\b/, id);
  }
  return url
    .replace(":consentId", o.consentId)
    .replace(":channelConsentId", o.channelConsentId)
    .replace(":kind/:language", "reminder/de")
    .replace(":factorId", o.memberFactorId)
    .replace(":roomId", o.roomId)
    .replace(":typeId", o.appointmentTypeId)
    .replace(":entryId", o.workingHoursId)
    .replace(":absenceId", o.absenceId)
    .replace(
      /^\/calendar\/settings\/practitioners\/:membershipId/,
      `/calendar/settings/practitioners/${o.practitionerMembershipId}`,
    )
    // A browser is approved; a four-eyes request is rejected (approving would lock the practice).
    .replace("/:decision{approve|deny|revoke}", "/approve")
    .replace("/:decision{approve|reject|withdraw}", "/reject");
}

async function createObjects(
  t: TestApp,
  ownerClient: TestClient,
  owner: { practiceId: string; accountId: string },
  walker: { role: Role; client: TestClient; membershipId: string; accountId: string },
): Promise<WalkObjects> {
  const { db, masterKey, clock } = t;
  const practiceId = owner.practiceId;
  // A practitioner walks their own calendar settings and notes; the others a colleague's, and the owner's notes.
  const practitioner = walker.role === "practitioner"
    ? walker
    : await addMember(db, masterKey, practiceId, "practitioner", { name: "Anna Behandlerin" });
  const author = permits(walker.role, [], "notes.write") ? walker.client : ownerClient;
  const member = await addMember(db, masterKey, practiceId, "front_desk", { name: "Bernd Empfang" });
  const memberFactor = await db.selectFrom("second_factors").select("id").where("account_id", "=", member.accountId)
    .executeTakeFirstOrThrow();
  // A second app, so that the first can be locked and then removed (the last active one stays).
  const spareFactorId = crypto.randomUUID();
  await db.insertInto("second_factors").values({
    id: spareFactorId,
    account_id: member.accountId,
    kind: "totp",
    name: "Ersatz",
    status: "active",
    created_at: clock.now(),
    confirmed_at: clock.now(),
    secret: await createFactorKeyring(masterKey).seal(spareFactorId, generateTotpSecret()),
  }).execute();
  const patientId = await insertPatient(db, practiceId, { family_name: "Walk", given_names: "Rundgang" });
  // Yesterday, so that its attendance can be recorded.
  const yesterdayTen = new Date(Math.floor(clock.now().getTime() / 86_400_000) * 86_400_000 - 14 * 3_600_000);
  const appointmentId = await storedAppointment(db, practiceId, practitioner.membershipId, patientId, yesterdayTen);

  const template = await ownerClient.post("/notes/templates", {
    name: `Vorlage ${crypto.randomUUID()}`,
    headings: "Befund",
  });
  expectStatus(template, 303, "template");
  const templateId = (await db.selectFrom("note_templates").select("id").where("practice_id", "=", practiceId)
    .orderBy("created_at", "desc").executeTakeFirstOrThrow()).id;
  const note = await author.post(`/patients/${patientId}/notes`, {
    template_id: "",
    appointment_id: "",
    field_0: "Entwurf",
  });
  expectStatus(note, 303, "note");
  const noteId = (await db.selectFrom("notes").select("id").where("patient_id", "=", patientId)
    .executeTakeFirstOrThrow()).id;

  expectStatus(await uploadDocument(ownerClient, patientId, "Brief.pdf", pdfBytes(4096, "Brief")), 303, "document");
  const documentId = (await db.selectFrom("documents").select("id").where("patient_id", "=", patientId)
    .executeTakeFirstOrThrow()).id;
  expectStatus(
    await ownerClient.post(`/documents/${documentId}/share-links`, { valid_hours: "24", max_uses: "3" }),
    200,
    "share link",
  );
  const shareLinkId = (await db.selectFrom("share_links").select("id").where("document_id", "=", documentId)
    .executeTakeFirstOrThrow()).id;

  const locationId = (await db.selectFrom("locations").select("id").where("practice_id", "=", practiceId)
    .executeTakeFirstOrThrow()).id;
  const roomName = `Raum ${crypto.randomUUID().slice(0, 8)}`;
  expectStatus(
    await ownerClient.post("/calendar/settings/rooms", { location_id: locationId, name: roomName }),
    303,
    "room",
  );
  const roomId = (await db.selectFrom("rooms").select("id").where("practice_id", "=", practiceId)
    .where("name", "=", roomName).executeTakeFirstOrThrow()).id;

  const typeName = `Terminart ${crypto.randomUUID().slice(0, 8)}`;
  expectStatus(
    await ownerClient.post("/calendar/settings/types", {
      name: typeName,
      duration: "45",
      colour: "orange",
      default_room_id: roomId,
    }),
    303,
    "appointment type",
  );
  const appointmentTypeId = (await db.selectFrom("appointment_types").select("id")
    .where("practice_id", "=", practiceId).where("name", "=", typeName).executeTakeFirstOrThrow()).id;

  const hoursBase = `/calendar/settings/practitioners/${practitioner.membershipId}`;
  expectStatus(
    await ownerClient.post(`${hoursBase}/working-hours`, {
      weekday: "1",
      starts: "08:00",
      ends: "12:00",
      valid_from: "2026-01-01",
    }),
    303,
    "working hours",
  );
  const workingHoursId = (await db.selectFrom("working_hours").select("id")
    .where("practitioner_id", "=", practitioner.membershipId).executeTakeFirstOrThrow()).id;
  expectStatus(
    await ownerClient.post(`${hoursBase}/absences`, {
      start_date: "2099-03-02",
      end_date: "2099-03-03",
      kind: "training",
    }),
    303,
    "absence",
  );
  const absenceId = (await db.selectFrom("absences").select("id")
    .where("practitioner_id", "=", practitioner.membershipId).executeTakeFirstOrThrow()).id;

  const consentId = (await db.insertInto("patient_consents").values({
    practice_id: practiceId,
    patient_id: patientId,
    subject: "Datenverarbeitung",
    given_on: "2026-01-05",
    recorded_by: owner.accountId,
  }).returning("id").executeTakeFirstOrThrow()).id;

  const invitation = await ownerClient.post("/team/invitations", {
    name: "Lea Neu",
    email: `lea.${crypto.randomUUID().slice(0, 8)}@praxis.example`,
    role: "practitioner",
    language: "de",
    scope: "all",
  });
  expectStatus(invitation, 200, "invitation");
  const invitationId = invitation.html.match(/action="\/team\/invitations\/([0-9a-f-]{36})\/letter"/)![1];
  const invitationCode = invitation.html.match(/<code class="activation-code">([2-9A-Z-]{14})<\/code>/)![1];

  const browserId = (await db.insertInto("known_browsers").values({
    account_id: member.accountId,
    practice_id: practiceId,
    browser_hash: hashSecret(generateSecretToken()),
    description: "Firefox auf Linux",
    status: "pending",
    first_seen_at: clock.now(),
    last_seen_at: clock.now(),
  }).returning("id").executeTakeFirstOrThrow()).id;
  const approvalId = (await db.insertInto("approval_requests").values({
    practice_id: practiceId,
    action: "lock_practice",
    payload: "{}",
    reason: "Verdacht auf Einbruch",
    requested_by: practitioner.accountId,
    requested_at: clock.now(),
    status: "pending",
  }).returning("id").executeTakeFirstOrThrow()).id;

  const channelConsentId = (await db.insertInto("patient_channel_consents").values({
    practice_id: practiceId,
    patient_id: patientId,
    channel: "email",
    given_on: "2026-01-05",
    recorded_by: owner.accountId,
  }).returning("id").executeTakeFirstOrThrow()).id;
  const failedMessageId = (await db.insertInto("patient_messages").values({
    practice_id: practiceId,
    patient_id: patientId,
    appointment_id: appointmentId,
    kind: "reminder",
    channel: "sms",
    status: "failed",
    reason: "seven_no_credit",
    due_at: clock.now(),
    created_at: clock.now(),
    finished_at: clock.now(),
  }).returning("id").executeTakeFirstOrThrow()).id;
  const onlineBooking = await onlineBookingObjects(t, practiceId, practitioner.membershipId, locationId, {
    patientId,
    appointmentTypeId,
    ownerAccountId: owner.accountId,
  });

  const billing = await createBillingObjects(db, owner, clock.now());
  return {
    channelConsentId,
    failedMessageId,
    ...onlineBooking,
    patientId,
    appointmentId,
    noteId,
    templateId,
    documentId,
    shareLinkId,
    roomId,
    appointmentTypeId,
    consentId,
    invitationId,
    invitationCode,
    locationId,
    practitionerMembershipId: practitioner.membershipId,
    memberMembershipId: member.membershipId,
    memberFactorId: memberFactor.id,
    workingHoursId,
    absenceId,
    browserId,
    approvalId,
    billing,
    dunning: await createDunningObjects(db, owner, billing.issuedId, clock.now()),
  };
}

/** Online bookings held for the practice, pending patients and an open proposal, stored as the public pages leave them. */
async function onlineBookingObjects(
  t: TestApp,
  practiceId: string,
  practitionerId: string,
  locationId: string,
  o: { patientId: string; appointmentTypeId: string; ownerAccountId: string },
) {
  const { db, clock } = t;
  const now = clock.now();
  const pendingPatient = async () =>
    (await db.insertInto("patients").values({
      practice_id: practiceId,
      family_name: "Online",
      given_names: "Neu",
      search_name: "online neu",
      pending_since: now,
      updated_at: now,
    }).returning("id").executeTakeFirstOrThrow()).id;
  const heldBooking = async (daysAhead: number) => {
    const patientId = await pendingPatient();
    const startsAt = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 + daysAhead * 86_400_000);
    const appointmentId = await storedAppointment(db, practiceId, practitionerId, patientId, startsAt, 30);
    return (await db.insertInto("booking_requests").values({
      practice_id: practiceId,
      flow_id: generatePublicId(),
      kind: "booking",
      code_hash: hashSecret(generateSecretToken()),
      link_hash: hashSecret(generateSecretToken()),
      status: "held",
      appointment_type_id: o.appointmentTypeId,
      practitioner_id: practitionerId,
      location_id: locationId,
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + 30 * 60_000),
      family_name: "Online",
      given_names: "Neu",
      email: "online.neu@example.org",
      language: "de",
      patient_id: patientId,
      appointment_id: appointmentId,
      created_at: now,
      expires_at: now,
      confirmed_at: now,
    }).returning("id").executeTakeFirstOrThrow()).id;
  };
  const proposalId = (await db.insertInto("appointment_proposals").values({
    practice_id: practiceId,
    patient_id: o.patientId,
    appointment_type_id: o.appointmentTypeId,
    token_hash: hashSecret(generateSecretToken()),
    expires_at: new Date(now.getTime() + 2 * 86_400_000),
    created_by: o.ownerAccountId,
    created_at: now,
  }).returning("id").executeTakeFirstOrThrow()).id;
  return {
    heldBookingIds: { confirm: await heldBooking(40), decline: await heldBooking(41) },
    pendingPatientIds: { accept: await pendingPatient(), merge: await pendingPatient() },
    proposalId,
  };
}

function expectStatus(page: Page, status: number, what: string) {
  if (page.status !== status) throw new Error(`walk setup: ${what} answered ${page.status} (${page.location})`);
}
