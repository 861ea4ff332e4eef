// SMS through seven.io (https://docs.seven.io/en/rest-api/endpoints/sms): POST /api/sms with the
// X-Api-Key header and the form fields to, text, from; with Accept: application/json it answers
// HTTP 200 with {"success": "100", "messages": [{"id": …, "success": true, …}], …} — the return
// code is the "success" field, also for refusals; a failure of the gateway itself is an HTTP 5xx.
import { type OutgoingPatientMessage, type PatientChannel, postForm, type SendOutcome } from "./channel.ts";

export interface SevenSmsSettings {
  apiKey: string;
  /** Sender shown on the phone: up to 11 letters or 16 digits. */
  from: string;
  baseUrl: string;
  timeoutMs: number;
}

// seven.io's return codes: which are a refusal of this message, which are worth a later try.
const REFUSED: Record<string, string> = {
  "201": "sender_invalid",
  "202": "recipient_invalid",
  "301": "recipient_missing",
  "305": "text_missing",
  "401": "text_too_long",
  // The same text to the same number within 180 seconds: the first one went out.
  "402": "duplicate_blocked",
};
const RETRY: Record<string, string> = {
  "101": "partly_failed",
  "403": "daily_limit",
  "500": "no_credit",
  "600": "carrier_failed",
  "700": "provider_error",
  "900": "authentication_failed",
  "902": "api_disabled",
  "903": "server_ip_refused",
};

export function createSevenSms(settings: SevenSmsSettings): PatientChannel {
  return {
    async send(message: OutgoingPatientMessage): Promise<SendOutcome> {
      const answer = await postForm(
        new URL("/api/sms", settings.baseUrl).href,
        { to: message.to, text: message.text, from: settings.from },
        { "X-Api-Key": settings.apiKey, Accept: "application/json" },
        settings.timeoutMs,
      );
      if ("kind" in answer) return answer;
      if (answer.status >= 500) return { kind: "retry", reason: `http_${answer.status}` };
      if (answer.status !== 200) return { kind: "retry", reason: `http_${answer.status}` };
      let body: { success?: unknown; messages?: { id?: unknown }[] };
      try {
        body = JSON.parse(answer.body);
      } catch {
        // A 200 that is not the documented JSON: the SMS may have been accepted.
        return { kind: "uncertain", reason: "unreadable_answer" };
      }
      const code = String(body.success ?? "");
      if (code === "100") {
        const id = body.messages?.[0]?.id;
        return { kind: "delivered", providerId: id === undefined || id === null ? null : String(id) };
      }
      if (REFUSED[code]) return { kind: "refused", reason: `seven_${REFUSED[code]}` };
      return { kind: "retry", reason: `seven_${RETRY[code] ?? "code_" + code.replace(/\W/g, "").slice(0, 8)}` };
    },
  };
}
