// Switching the interface language; remembered in a cookie and, when signed in, on the account
// (so mails follow the same choice).
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";
import { writeCookie } from "./middleware/cookies.ts";
import { readForm } from "./validation.ts";
import { isLanguage } from "../lib/i18n/mod.ts";
import { setAccountLanguage } from "../db/accounts.ts";

/**
 * Only a local path: an open redirect would turn the switch into a phishing aid. No control
 * characters either: a NUL cannot go into the Location header.
 */
function localPath(value: unknown): string {
  return typeof value === "string" && /^\/(?![\/\\])[^\s\p{Cc}]*$/u.test(value) && value.length <= 2000 ? value : "/";
}

export function languageRoutes() {
  const app = new Hono<AppEnv>();
  app.post("/language", async (c) => {
    const body = await readForm(c);
    const lang = body.lang;
    if (!isLanguage(lang)) return c.redirect(localPath(body.return_to), 303);
    writeCookie(c, c.var.deps.config, "lang", lang, 365 * 24 * 3600);
    const session = c.var.session;
    if (session) await setAccountLanguage(c.var.deps.db, session.account.id, lang);
    return c.redirect(localPath(body.return_to), 303);
  });
  return app;
}
