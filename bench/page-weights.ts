// Page weights: what a first visit to each main page transfers, compressed as served (HTML,
// CSS, JavaScript, icon, and the sections the page loads by itself), for a signed-in owner of
// a practice with a patient, an appointment and a documentation entry. Issue 10 asks every
// page to stay under 30 KB on a first visit; later pages reuse the cached CSS, JS and icon.
import { startApp } from "./processes.ts";
import { measureFirstVisit, type WireResource } from "./wire-size.ts";
import { prepareAccount, signInCompletely } from "./accounts.ts";
import { formatTable, kilobytes, note, section } from "./table.ts";
import { ROOT } from "./processes.ts";
import type { Browser } from "./browser.ts";

const BUDGET = 30 * 1024;

export async function benchmarkPageWeights() {
  section("Page weights: first visit of each main page, Accept-Encoding: br, gzip, signed in as owner");
  const dataDir = `./data/bench-weights-${crypto.randomUUID().slice(0, 8)}`;
  const started = await startApp(dataDir);
  try {
    const base = started.served.url;
    const owner = await signInCompletely(base, await prepareAccount(base, "weights"));
    const { patientId, noteId } = await seedRecord(owner);
    const pages = [
      ["today (home)", "/"],
      ["calendar week", "/calendar/week"],
      ["calendar day", "/calendar/day"],
      ["patient list", "/patients"],
      ["patient record", `/patients/${patientId}`],
      ["documentation entry", `/notes/${noteId}`],
      ["team", "/team"],
      ["security", "/security"],
      ["calendar settings", "/calendar/settings"],
      ["sign-in (signed out)", "/sign-in"],
    ];
    const rows = [];
    for (const [name, path] of pages) {
      const signedOut = path === "/sign-in";
      const resources = await measureFirstVisit(base, path, signedOut ? {} : { Cookie: owner.cookieHeader() });
      const wire = (pick: (r: WireResource) => boolean) =>
        resources.filter(pick).reduce((sum, r) => sum + r.headerBytes + r.bodyBytes, 0);
      const statuses = [...new Set(resources.map((r) => r.status))].join(",");
      const isDocument = (r: WireResource) => r.contentType === "text/html";
      const total = wire(() => true);
      rows.push([
        name,
        statuses,
        wire(isDocument),
        wire((r) => r.contentType === "text/css"),
        wire((r) => r.contentType === "text/javascript"),
        wire((r) => r.contentType.startsWith("image/")),
        total,
        total <= BUDGET ? "yes" : "NO",
      ]);
    }
    console.log(formatTable(
      ["page", "status", "HTML (B)", "CSS (B)", "JS (B)", "icon (B)", "total (B)", "under 30 KB"],
      rows,
    ));
    note(
      `budget ${
        kilobytes(BUDGET)
      }; bytes on the wire including response headers; HTML counts the lazily loaded sections`,
    );
  } finally {
    await started.served.stop();
    await Deno.remove(`${ROOT}/${dataDir}`, { recursive: true }).catch(() => {});
  }
}

/** A patient with master data and a documentation entry, made over HTTP as the owner would. */
async function seedRecord(owner: Browser): Promise<{ patientId: string; noteId: string }> {
  const created = await owner.post("/patients", {
    title: "",
    family_name: "Müller-Lüdenscheidt",
    given_names: "Anna-Katharina",
    date_of_birth: "12.03.1980",
    sex: "female",
    gender_note: "",
    street: "Hauptstraße 1",
    postal_code: "10115",
    city: "Berlin",
    country: "DE",
    phone: "+49 151 2345678",
    email: "anna.mueller@example.org",
    insurance_kind: "statutory",
    insurer_name: "AOK Nordost",
    insurance_number: "A123456780",
    other_payer: "",
    emergency_contact_name: "",
    emergency_contact_phone: "",
    notes: "",
  });
  const patientId = created.location?.match(/^\/patients\/([0-9a-f-]{36})/)?.[1];
  if (!patientId) throw new Error(`creating the patient answered ${created.status} ${created.location}`);
  const note = await owner.post(`/patients/${patientId}/notes`, {
    template_id: "",
    appointment_id: "",
    field_0: "Schulterschmerz rechts seit drei Wochen, Abduktion bis 90° schmerzfrei.",
  });
  const noteId = note.location?.match(/^\/notes\/([0-9a-f-]{36})/)?.[1];
  if (!noteId) throw new Error(`writing the entry answered ${note.status} ${note.location}`);
  return { patientId, noteId };
}

if (import.meta.main) await benchmarkPageWeights();
