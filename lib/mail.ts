// Sending email through SMTP (nodemailer). Mails are queued in the database first; this is
// only the last step, so a slow or failing mail server never breaks a user's request.
import { Buffer } from "node:buffer";

export interface MailAttachment {
  filename: string;
  contentType: string;
  /** Text (an appointment's .ics file) or bytes (an invoice's PDF). */
  content: string | Uint8Array;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Files along with the text: an invoice's PDF, a patient's appointment as an .ics file. */
  attachments?: MailAttachment[];
}

export interface MailTransport {
  send(mail: Mail): Promise<void>;
}

export function createSmtpTransport(smtpUrl: string, from: string): MailTransport {
  // nodemailer is loaded with the first mail, not at start.
  let transporter: Promise<{ sendMail(message: Record<string, unknown>): Promise<unknown> }> | undefined;
  return {
    async send(mail) {
      transporter ??= import("nodemailer").then((module) => module.default.createTransport(smtpUrl));
      const attachments = mail.attachments?.map((attachment) => ({
        filename: attachment.filename,
        contentType: attachment.contentType,
        content: typeof attachment.content === "string" ? attachment.content : Buffer.from(attachment.content),
      }));
      await (await transporter).sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, attachments });
    },
  };
}
