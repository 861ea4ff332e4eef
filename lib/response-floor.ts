// Answers that must not tell known from unknown accounts by their timing wait until a fixed
// floor has passed since the request began: the extra bookkeeping for a known account
// (a counter, an audit event, a mail) then hides below it.
export async function waitUntilElapsed(startedAt: number, floorMs: number): Promise<void> {
  const remaining = floorMs - (performance.now() - startedAt);
  if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));
}
