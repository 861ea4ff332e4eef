// Sending email through SMTP (nodemailer). Mails are queued in the database first; this is
// only the last step, so a slow or failing mail server never breaks a user's request.

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Files along with the text (a patient's appointment as an .ics file). */
  attachments?: MailAttachment[];
}

export interface MailAttachment {
  filename: string;
  content: string;
  contentType: string;
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
      await (await transporter).sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.attachments ? { attachments: mail.attachments } : {}),
      });
    },
  };
}
