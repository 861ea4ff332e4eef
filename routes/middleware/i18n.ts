// Chooses the language: an explicit choice (cookie), then the account's, then the browser's.
import type { MiddlewareHandler } from "hono";
import type { Config } from "../../lib/config.ts";
import { isLanguage, negotiateLanguage, translator } from "../../lib/i18n/mod.ts";
import type { AppEnv } from "../app-env.ts";
import { readCookie } from "./cookies.ts";

export function i18n(config: Config): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const chosen = readCookie(c, config, "lang");
    const lang = isLanguage(chosen)
      ? chosen
      : c.get("session")?.account.language ?? negotiateLanguage(c.req.header("Accept-Language"));
    c.set("lang", lang);
    c.set("t", translator(lang));
    await next();
  };
}
