// The moment every test app's clock starts at. TEST_NOW (an ISO 8601 time) pins it, so a run can
// be repeated at an awkward moment (just before midnight in Berlin, on a day the clocks change);
// without it, the moment the run started.
const pinned = Deno.env.get("TEST_NOW");

export function testNow(): Date {
  if (!pinned) return new Date();
  const at = new Date(pinned);
  if (Number.isNaN(at.getTime())) throw new Error(`TEST_NOW is not a time: ${pinned}`);
  return at;
}
