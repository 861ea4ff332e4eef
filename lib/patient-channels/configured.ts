// The channels this installation has: email always (SMTP, or the development outbox), SMS and
// Threema when their environment variables are set.
import type { Config } from "../config.ts";
import type { MailTransport } from "../mail.ts";
import type { MessageChannel } from "../patient-message-kinds.ts";
import type { PatientChannel } from "./channel.ts";
import { createEmailChannel } from "./email.ts";
import { createSevenSms } from "./seven-sms.ts";
import { createThreemaGateway } from "./threema.ts";

export type PatientChannels = Partial<Record<MessageChannel, PatientChannel>>;

export function configuredChannels(config: Config, mail: MailTransport): PatientChannels {
  // Well inside the lease, so an answer always comes back before another process may look.
  const timeoutMs = Math.min(30_000, config.patientMessageLeaseSeconds * 500);
  const channels: PatientChannels = { email: createEmailChannel(mail) };
  if (config.sevenSms) channels.sms = createSevenSms({ ...config.sevenSms, timeoutMs });
  if (config.threema) channels.threema = createThreemaGateway({ ...config.threema, timeoutMs });
  return channels;
}
