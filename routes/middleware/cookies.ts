// Cookie names and attributes in one place: over https they carry the __Host- prefix and
// Secure; plain-http development is the only exception. The session cookie never gets a
// Max-Age or Expires: it ends with the browser (a shared reception PC), while the idle and
// absolute limits are enforced on the server.
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Config } from "../../lib/config.ts";
import { isHttps } from "../../lib/config.ts";

export type CookieName = "session" | "csrf" | "lang" | "browser";

export function cookieName(config: Config, name: CookieName): string {
  return isHttps(config) ? `__Host-kartei_${name}` : `kartei_${name}`;
}

export function readCookie(c: Context, config: Config, name: CookieName): string | undefined {
  return getCookie(c, cookieName(config, name));
}

export function writeCookie(c: Context, config: Config, name: "session" | "csrf", value: string): void;
export function writeCookie(
  c: Context,
  config: Config,
  name: "lang" | "browser",
  value: string,
  maxAgeSeconds: number,
): void;
export function writeCookie(
  c: Context,
  config: Config,
  name: CookieName,
  value: string,
  maxAgeSeconds?: number,
): void {
  setCookie(c, cookieName(config, name), value, { ...attributes(config), maxAge: maxAgeSeconds });
}

/** The clearing cookie carries the same attributes as the real one, so every browser honours it. */
export function clearCookie(c: Context, config: Config, name: CookieName): void {
  deleteCookie(c, cookieName(config, name), attributes(config));
}

function attributes(config: Config) {
  return { path: "/", httpOnly: true, secure: isHttps(config), sameSite: "Lax" } as const;
}
