// What every change in the operator console shares: a reason, and the notice after it.
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { queryNotice } from "./page.ts";
import { singleLineText } from "./validation.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";

/** Why the operator makes a change: required, and kept in the audit log. */
export const reasonText = singleLineText(500);

/** A box the operator ticks to confirm the support check (the person's identity) was done. */
export const supportCheckDone = { error: "operator.supportCheckRequired" } as const;

const NOTICES: Record<string, MessageKey> = {
  changed: "operator.notice.changed",
  unchanged: "operator.notice.unchanged",
  factorsReset: "operator.notice.factorsReset",
  resynchronised: "operator.notice.resynchronised",
  extended: "operator.notice.extended",
  published: "operator.notice.published",
};

export function operatorNotice(c: Context<AppEnv>): MessageKey | undefined {
  return queryNotice(c, NOTICES);
}
