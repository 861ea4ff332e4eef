// Email to patients through the installation's mail path (SMTP, or the development outbox),
// with the appointment as an .ics attachment.
import type { MailTransport } from "../mail.ts";
import type { OutgoingPatientMessage, PatientChannel, SendOutcome } from "./channel.ts";

/** SMTP answers with 5xx codes for a recipient that will never take it. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

export function createEmailChannel(transport: MailTransport): PatientChannel {
  return {
    async send(message: OutgoingPatientMessage): Promise<SendOutcome> {
      try {
        await transport.send({
          to: message.to,
          subject: message.subject,
          text: message.text,
          attachments: message.calendar
            ? [{
              filename: message.calendar.filename,
              content: message.calendar.content,
              contentType: `text/calendar; charset=utf-8; method=${message.calendar.method}`,
            }]
            : undefined,
        });
        return { kind: "delivered", providerId: null };
      } catch (error) {
        // The error's name only: SMTP errors can echo the address.
        const reason = `smtp_${error instanceof Error ? error.name : "unknown"}`;
        return isPermanent(error) ? { kind: "refused", reason } : { kind: "retry", reason };
      }
    },
  };
}
