// Steps of the clinical browser scenario that are not what it is about: signing the owner in,
// and reading where things are in the week grid and the audit log.
import type { Locator, Page } from "playwright-core";
import { translator } from "../../lib/i18n/mod.ts";
import type { Db } from "../../db/database.ts";
import { nextTotpCode } from "../support/practice-fixtures.ts";

const de = translator("de");

/** Password and authenticator code on the real pages, ending on the home page. */
export async function signInInBrowser(
  page: Page,
  owner: { email: string; password: string; totpSecret: Uint8Array },
  clock: { now(): Date; advance(ms: number): void },
) {
  await page.goto("/sign-in");
  await page.getByLabel(de("signIn.email")).fill(owner.email);
  await page.getByLabel(de("signIn.password")).fill(owner.password);
  await page.getByRole("button", { name: de("signIn.submit"), exact: true }).click();
  await page.waitForURL("**/sign-in/second-factor");
  await page.getByLabel(de("secondFactor.code")).fill(nextTotpCode(clock, owner.totpSecret));
  await page.getByRole("button", { name: de("secondFactor.submit") }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

/** The cell of the week grid in the row of `time` ("10:00") under the column headed `dayLabel`. */
export async function gridCell(page: Page, dayLabel: string, time: string): Promise<Locator> {
  const grid = page.locator("table.calendar-grid");
  // After a boosted navigation the address may change before the new grid is in place.
  await grid.getByRole("columnheader", { name: dayLabel, exact: true }).waitFor();
  const headings = (await grid.locator("thead th").allTextContents()).map((text) => text.trim());
  const column = headings.indexOf(dayLabel);
  if (column < 1) throw new Error(`no column "${dayLabel}" in ${JSON.stringify(headings)}`);
  const row = grid.getByRole("row").filter({ has: page.getByRole("rowheader", { name: time, exact: true }) });
  // The first heading is the time column, a row header in the body: cells count from the next.
  return row.locator("td").nth(column - 1);
}

/** A moment as Germany's wall clock shows it: "2026-12-02 10:00". */
export function berlinWallClock(at: Date): string {
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Europe/Berlin",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).format(at);
}

/** The audit actions the practice's log holds about one subject, oldest first. */
export async function auditActions(db: Db, practiceId: string, subjectId: string): Promise<string[]> {
  const rows = await db.selectFrom("audit_events").select("action")
    .where("practice_id", "=", practiceId).where("subject_id", "=", subjectId)
    .orderBy("id").execute();
  return rows.map((row) => row.action);
}
