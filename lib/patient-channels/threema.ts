// Threema Gateway in basic mode (https://gateway.threema.ch/en/developer/api): POST /send_simple
// with from (the gateway ID, *ABCDEFG), to (a Threema ID) or phone (international digits), text
// and secret. It answers 200 with the message ID as the body; 400 a bad recipient or text, 401
// wrong ID or secret, 402 no credits left, 404 no Threema ID for that phone number, 413 a text
// over 3500 bytes, 500 a temporary fault of the gateway.
import { type OutgoingPatientMessage, type PatientChannel, postForm, type SendOutcome } from "./channel.ts";

export interface ThreemaSettings {
  gatewayId: string;
  secret: string;
  baseUrl: string;
  timeoutMs: number;
}

const THREEMA_ID = /^[0-9A-Z*][0-9A-Z]{7}$/;

export function createThreemaGateway(settings: ThreemaSettings): PatientChannel {
  return {
    async send(message: OutgoingPatientMessage): Promise<SendOutcome> {
      const recipient: Record<string, string> = THREEMA_ID.test(message.to)
        ? { to: message.to }
        : { phone: message.to };
      const answer = await postForm(
        new URL("/send_simple", settings.baseUrl).href,
        { from: settings.gatewayId, ...recipient, text: message.text, secret: settings.secret },
        { Accept: "*/*" },
        settings.timeoutMs,
      );
      if ("kind" in answer) return answer;
      switch (answer.status) {
        case 200: {
          const id = answer.body.trim();
          return { kind: "delivered", providerId: /^[0-9a-f]{16}$/i.test(id) ? id : null };
        }
        case 400:
          return { kind: "refused", reason: "threema_bad_request" };
        case 404:
          return { kind: "refused", reason: "threema_no_such_id" };
        case 413:
          return { kind: "refused", reason: "threema_too_long" };
        case 401:
          return { kind: "retry", reason: "threema_authentication_failed" };
        case 402:
          return { kind: "retry", reason: "threema_no_credits" };
        default:
          return { kind: "retry", reason: `threema_http_${answer.status}` };
      }
    },
  };
}
