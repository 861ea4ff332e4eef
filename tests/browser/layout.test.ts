// The layout in Chromium: owner, practitioner and front desk of a practice with a patient, an
// appointment today, a documentation entry and a document open every main page they may see at
// 390, 768 and 1366 px, with JavaScript on and off. Each page must fit its viewport (no sideways
// scroll of the document), pass axe-core without serious or critical violations, and leave a
// screenshot in .test-data/screenshots/.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { fixedClock } from "../../lib/clock.ts";
import { translator } from "../../lib/i18n/mod.ts";
import { TestClient } from "../support/http-client.ts";
import { insertPatient } from "../support/patient-fixtures.ts";
import { pdfBytes } from "../support/document-fixtures.ts";
import { signedInOwner, signInWithTotp } from "../support/practice-fixtures.ts";
import { addMember } from "../support/team-fixtures.ts";
import { storedAppointment } from "../integration/notes-fixtures.ts";
import { checkPage, contextsAt, LAYOUT_WIDTHS } from "../support/page-checks.ts";
import { type BrowserApp, startBrowserApp, watchForProblems } from "./browser-app.ts";

const de = translator("de");
const PUBLIC_PAGES = ["/sign-in", "/register", "/password/forgot", "/terms"];
const test = suite("layout at phone, tablet and laptop width");

/** A practice as a working morning finds it, and a signed-in HTTP client per role. */
async function seededPractice(served: BrowserApp, clock: ReturnType<typeof fixedClock>) {
  const ownerClient = new TestClient(served.app, served.baseUrl);
  const owner = await signedInOwner(ownerClient, served.db, clock, { owner_name: "Dr. Eva Inhaberin-Langname" });
  await served.db.updateTable("practices").set({ browser_approval: false }).where("id", "=", owner.practiceId)
    .execute();
  const member = async (role: "practitioner" | "front_desk", name: string) => {
    const added = await addMember(served.db, served.masterKey, owner.practiceId, role, { name });
    const client = new TestClient(served.app, served.baseUrl);
    client.cookies.set("kartei_browser", added.browserToken);
    const done = await signInWithTotp(client, clock, added.email, added.password, added.totpSecret);
    if (done.status !== 303) throw new Error(`${role} sign-in answered ${done.status}`);
    return { ...added, client };
  };
  const practitioner = await member("practitioner", "Paul Behandler");
  const frontDesk = await member("front_desk", "Frieda Empfang");

  const patientId = await insertPatient(served.db, owner.practiceId, {
    family_name: "Müller-Lüdenscheidt",
    given_names: "Anna-Katharina",
    phone: "0351 1234567",
  });
  // The words that once broke mid-word ("gesetzli ch versiche rt") at 390 px.
  await served.db.updateTable("patients").set({
    insurance_kind: "statutory",
    insurer_name: "Techniker Krankenkasse",
    insurance_number: "A123456780",
  }).where("id", "=", patientId).execute();
  const today = clock.now();
  await storedAppointment(served.db, owner.practiceId, practitioner.membershipId, patientId, today, 45);

  const note = await practitioner.client.post(`/patients/${patientId}/notes`, {
    template_id: "",
    appointment_id: "",
    field_0: "Schulterschmerz rechts seit drei Wochen, Abduktion bis 90° schmerzfrei.",
  });
  if (note.status !== 303 || !note.location) throw new Error(`note answered ${note.status}`);
  const noteId = new URL(note.location, served.baseUrl).pathname.split("/")[2];

  const form = new FormData();
  form.set("_csrf", ownerClient.csrfToken() ?? "");
  form.set("file", new File([pdfBytes(4000, "Befund") as BlobPart], "Befundbericht Orthopädie.pdf"));
  const upload = await ownerClient.send(`/patients/${patientId}/documents`, {
    method: "POST",
    headers: { Origin: served.baseUrl },
    body: form,
  });
  if (upload.status !== 303) throw new Error(`upload answered ${upload.status}`);
  const document = await served.db.selectFrom("documents").select("id").where("patient_id", "=", patientId)
    .executeTakeFirstOrThrow();

  const shared = ["/", "/calendar/week", "/patients", `/patients/${patientId}`, "/team", "/security"];
  return [
    {
      role: "owner",
      client: ownerClient,
      pages: [...shared, "/calendar/settings", `/notes/${noteId}`, `/documents/${document.id}`],
    },
    {
      role: "practitioner",
      client: practitioner.client,
      pages: [...shared, `/notes/${noteId}`, `/documents/${document.id}`],
    },
    { role: "front_desk", client: frontDesk.client, pages: shared },
  ];
}

test("every main page fits 390, 768 and 1366 px and passes axe, with JavaScript on and off", async () => {
  const clock = fixedClock(new Date());
  const served = await startBrowserApp({ clock });
  const problems: string[] = [];
  try {
    const signedOut = { role: "signed_out", client: new TestClient(served.app, served.baseUrl), pages: PUBLIC_PAGES };
    for (const { role, client, pages } of [...await seededPractice(served, clock), signedOut]) {
      const cookies = [...client.cookies].map(([name, value]) => ({ name, value }));
      for (const width of LAYOUT_WIDTHS) {
        for (const { javaScript, context } of await contextsAt(served.browser, served.baseUrl, width, cookies)) {
          const page = await context.newPage();
          const pageProblems = await watchForProblems(page);
          for (const path of pages) {
            const response = await page.goto(path, { waitUntil: "networkidle" });
            assert.is(response?.status(), 200, `${role} ${path}`);
            const name = `${role}-${width}-${javaScript ? "js" : "nojs"}${path.replaceAll("/", "-")}`;
            problems.push(...await checkPage(page, name, { javaScript }));
          }
          problems.push(...pageProblems.map((line) => `${role} ${width} px: ${line}`));
          await context.close();
        }
      }
    }
  } finally {
    await served.close();
  }
  assert.equal(problems, [], problems.join("\n"));
});

test("the checks see what they are for: a page too wide, a field without a label, a word split in two", async () => {
  const served = await startBrowserApp();
  try {
    for (const javaScript of [true, false]) {
      const context = await served.browser.newContext({
        viewport: { width: 390, height: 844 },
        javaScriptEnabled: javaScript,
      });
      const page = await context.newPage();
      // Served at an address of the app, as every real page is (the check without JavaScript serves it again).
      await context.route(`${served.baseUrl}/probe`, (route) =>
        route.fulfill({
          contentType: "text/html; charset=utf-8",
          body: `<!DOCTYPE html><html lang="de"><head><title>Probe</title></head><body><main>
          <div class="too-wide" style="width: 600px">breit</div><input type="text">
          <p style="width: 4ch; overflow-wrap: break-word">gesetzlich</p></main></body></html>`,
        }));
      await page.goto(`${served.baseUrl}/probe`);
      const problems = await checkPage(page, `probe-${javaScript ? "js" : "nojs"}`, { javaScript });
      await context.close();
      assert.ok(
        problems.some((line) => line.includes("600 px wide in a 390 px viewport") || line.includes("div.too-wide")),
        problems.join("\n"),
      );
      assert.ok(problems.some((line) => line.includes("axe critical label")), problems.join("\n"));
      assert.ok(problems.some((line) => line.includes('words broken mid-word: "gesetzlich"')), problems.join("\n"));
    }
  } finally {
    await served.close();
  }
});

test("on a phone the menu opens without JavaScript, marks the current area, and / focuses the patient search", async () => {
  const clock = fixedClock(new Date());
  const served = await startBrowserApp({ clock });
  try {
    const [owner] = await seededPractice(served, clock);
    const cookies = [...owner.client.cookies].map(([name, value]) => ({ name, value }));
    const [withScript, withoutScript] = await contextsAt(served.browser, served.baseUrl, 390, cookies);

    const plain = await withoutScript.context.newPage();
    await plain.goto("/patients");
    const nav = plain.getByRole("navigation", { name: de("shell.practiceNav") });
    assert.not.ok(await nav.isVisible(), "folded away on a phone");
    await plain.getByText(de("shell.menu"), { exact: true }).click();
    await nav.getByRole("link", { name: de("nav.calendar"), exact: true }).waitFor();
    assert.is(
      await nav.getByRole("link", { name: de("nav.patients"), exact: true }).getAttribute("aria-current"),
      "page",
    );
    assert.is(
      await nav.getByRole("link", { name: de("nav.calendar"), exact: true }).getAttribute("aria-current"),
      null,
    );
    await plain.getByRole("searchbox", { name: de("shell.search") }).fill("Müller");
    await plain.getByRole("searchbox", { name: de("shell.search") }).press("Enter");
    await plain.waitForURL((url) => url.pathname === "/patients" && url.searchParams.get("q") === "Müller");

    const scripted = await withScript.context.newPage();
    await scripted.goto("/calendar/week", { waitUntil: "networkidle" });
    await scripted.keyboard.press("/");
    assert.is(await scripted.evaluate("document.activeElement?.id"), "header-search", "/ focuses the search");
    await scripted.locator("body").click({ position: { x: 5, y: 400 } });
    await scripted.keyboard.press("Control+k");
    assert.is(await scripted.evaluate("document.activeElement?.id"), "header-search", "Ctrl+K does too");
    await withScript.context.close();
    await withoutScript.context.close();
  } finally {
    await served.close();
  }
});

test.run();
