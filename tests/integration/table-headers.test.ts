// Every table header names its column, also the column of buttons (visually hidden text), so a
// screen reader announces each cell with a heading (axe: empty-table-header).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember } from "../support/team-fixtures.ts";
import { storedAppointment, storedPatient } from "./notes-fixtures.ts";

const test = suite("Table headers");

/** The text of each <th> of the page, tags removed. */
function headerTexts(html: string): string[] {
  return [...html.matchAll(/<th\b[^>]*>([\s\S]*?)<\/th>/g)].map((m) => m[1].replace(/<[^>]+>/g, "").trim());
}

test("no table header is empty on the calendar, team, patients, security and practice pages", async () => {
  const { app, db, clock, masterKey } = await createTestApp();
  const client = new TestClient(app);
  const owner = await signedInOwner(client, db, clock);
  const member = await addMember(db, masterKey, owner.practiceId, "practitioner");
  const patientId = await storedPatient(db, owner.practiceId);
  const owners = await db.selectFrom("memberships").select("id").where("account_id", "=", owner.accountId)
    .executeTakeFirstOrThrow();
  await storedAppointment(db, owner.practiceId, owners.id, patientId, new Date(clock.now().getTime() + 3_600_000));
  const pages = [
    "/calendar/week",
    "/calendar/day",
    "/team",
    `/team/members/${member.membershipId}`,
    "/patients",
    "/security",
    "/practice/browsers",
    "/practice/approvals",
    "/practice/access",
  ];
  for (const path of pages) {
    const page = await client.get(path);
    assert.is(page.status, 200, path);
    const headers = headerTexts(page.html);
    assert.ok(headers.length > 0 || !page.html.includes("<table"), `${path} has table headers`);
    assert.equal(headers.filter((text) => text === ""), [], `${path}: ${JSON.stringify(headers)}`);
  }
});

test.run();
