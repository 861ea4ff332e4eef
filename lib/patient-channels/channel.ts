// A channel to patients behind one small interface, so another provider can be added: each
// transport turns a provider's answer into one of four outcomes, which decide what the outbox
// does next. "uncertain" (the request may have reached the provider, no answer came) is never
// retried: a message sent twice is worse than one the practice sees as failed and resends.
export interface OutgoingPatientMessage {
  /** An email address, a phone number's international digits, or a Threema ID. */
  to: string;
  subject: string;
  text: string;
  /** The appointment as iCalendar text (email only). */
  calendar?: { filename: string; content: string; method: "PUBLISH" | "CANCEL" };
}

export type SendOutcome =
  | { kind: "delivered"; providerId: string | null }
  /** Not sent, worth another try later (provider busy, out of credit, unreachable). */
  | { kind: "retry"; reason: string }
  /** Not sent and never will be as it is (a bad number, a too long text). */
  | { kind: "refused"; reason: string }
  /** Perhaps sent: no answer after the request left. */
  | { kind: "uncertain"; reason: string };

export interface PatientChannel {
  send(message: OutgoingPatientMessage): Promise<SendOutcome>;
}

/** POSTs a form and reads the answer; a network failure before an answer is retry or uncertain. */
export async function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; body: string } | SendOutcome> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(form),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    // A timeout means the request went out and nothing came back: it may have been sent.
    if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) {
      return { kind: "uncertain", reason: "timeout" };
    }
    // Connecting failed (refused, no route, DNS): nothing reached the provider.
    return { kind: "retry", reason: "unreachable" };
  }
}
