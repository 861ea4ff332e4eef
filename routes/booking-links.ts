// The public booking addresses a mail carries: absolute, at the configured BASE_URL.
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";

function absolute(c: Context<AppEnv>, path: string): string {
  return new URL(path, c.var.deps.config.baseUrl).href;
}

/** The link of a booking's double opt-in mail. */
export const confirmLink = (c: Context<AppEnv>) => (token: string) => absolute(c, `/buchen/bestaetigen/${token}`);

/** The link of a freed slot offered to the waiting list. */
export const offerLink = (c: Context<AppEnv>) => (token: string) => absolute(c, `/buchen/angebot/${token}`);

/** The link of an appointment proposal (Terminzettel). */
export const proposalLink = (c: Context<AppEnv>) => (token: string) => absolute(c, `/buchen/vorschlag/${token}`);
