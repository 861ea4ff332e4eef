import { suite } from "uvu";
import * as assert from "uvu/assert";
import { safeReturnPath, withReturnPath } from "../../lib/return-path.ts";

const test = suite("return paths: only our calendar and patient pages, never another origin");

test("a calendar or patient path with its query is kept as it is", () => {
  const day = "/calendar/day?date=2026-12-09&practitioner=all";
  assert.is(safeReturnPath(day), day);
  assert.is(
    safeReturnPath("/calendar/week?date=2026-12-07&location=5b1c"),
    "/calendar/week?date=2026-12-07&location=5b1c",
  );
  assert.is(safeReturnPath("/patients?q=M%C3%BCller"), "/patients?q=M%C3%BCller");
  assert.is(safeReturnPath("/calendar"), "/calendar");
});

test("other origins, schemes, slashes a browser reads as a host, and other pages are refused", () => {
  for (
    const value of [
      "https://evil.example/calendar",
      "//evil.example/calendar",
      "///evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/%5C%5Cevil.example",
      "javascript:alert(1)",
      "data:text/html,<script>",
      " /calendar",
      "/calendar\n/x",
      "/calendar\t",
      "/calendar/../sign-out",
      "/calendar/%2e%2e/sign-out",
      "/calendarx",
      "/sign-out",
      "/",
      "calendar/day",
      "",
      "/calendar?" + "x".repeat(700),
    ]
  ) {
    assert.is(safeReturnPath(value), null, JSON.stringify(value));
  }
  assert.is(safeReturnPath(undefined), null);
  assert.is(safeReturnPath(null), null);
});

test("a link carries the way back encoded, and none without one", () => {
  assert.is(withReturnPath("/calendar/appointments/1", null), "/calendar/appointments/1");
  assert.is(
    withReturnPath("/calendar/appointments/1", "/calendar/day?date=2026-12-09&practitioner=all"),
    "/calendar/appointments/1?back=%2Fcalendar%2Fday%3Fdate%3D2026-12-09%26practitioner%3Dall",
  );
  assert.is(
    withReturnPath("/calendar/appointments/1?notice=changed", "/calendar"),
    "/calendar/appointments/1?notice=changed&back=%2Fcalendar",
  );
});

test.run();
