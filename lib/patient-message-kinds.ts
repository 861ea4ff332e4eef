// The words of messages to patients that several layers share: kinds, channels, states.
export const MESSAGE_KINDS = ["confirmation", "reminder", "change", "cancellation"] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const MESSAGE_CHANNELS = ["email", "sms", "threema"] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** queued → sending → delivered | failed (dead letter) | back to queued (retry); skipped: never sent, with a reason. */
export type MessageStatus = "queued" | "sending" | "delivered" | "failed" | "skipped";

/** Channels that are text messages to a phone: short texts, quiet hours, counted for costs. */
export function isShortChannel(channel: MessageChannel): boolean {
  return channel !== "email";
}

/** The placeholders a template may hold. */
export const TEMPLATE_PLACEHOLDERS = [
  "practice",
  "name",
  "date",
  "time",
  "practitioner",
  "location",
  "address",
  "link",
] as const;
