// Cookie names and attributes in one place: over https they carry the __Host- prefix and
// Secure; plain-http development is the only exception.
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

export function writeCookie(
  c: Context,
  config: Config,
  name: CookieName,
  value: string,
  maxAgeSeconds?: number,
): void {
  setCookie(c, cookieName(config, name), value, {
    path: "/",
    httpOnly: true,
    secure: isHttps(config),
    sameSite: "Lax",
    maxAge: maxAgeSeconds,
  });
}

export function clearCookie(c: Context, config: Config, name: CookieName): void {
  deleteCookie(c, cookieName(config, name), { path: "/", secure: isHttps(config) });
}
