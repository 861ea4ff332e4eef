// A small browser stand-in for app.request(): keeps cookies, sends our Origin, and reads the
// CSRF token the way a form would carry it.
import type { Hono } from "hono";
import { TEST_BASE_URL } from "./test-app.ts";

// deno-lint-ignore no-explicit-any
type App = Hono<any>;

export interface Page {
  status: number;
  headers: Headers;
  html: string;
  location: string | null;
}

let clients = 0;
function nextAddress(): string {
  clients++;
  return `10.${(clients >> 16) & 255}.${(clients >> 8) & 255}.${clients & 255}`;
}

export class TestClient {
  readonly cookies = new Map<string, string>();
  /**
   * `remoteAddress` is the address the app sees the requests come from. Like real browsers,
   * each client has its own unless one is given (a suite that tests the per-address budgets
   * passes the same address to several clients).
   */
  constructor(private app: App, private base = TEST_BASE_URL, readonly remoteAddress = nextAddress()) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Page> {
    return await this.send(path, { method: "GET", headers });
  }

  /** Posts a form as a browser would: urlencoded, with the CSRF token unless one is given. */
  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Page> {
    if (!this.csrfToken()) await this.get("/sign-in");
    const body = new URLSearchParams({ _csrf: this.csrfToken() ?? "", ...fields });
    return await this.send(path, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: this.base, ...headers },
      body: body.toString(),
    });
  }

  async send(path: string, init: RequestInit): Promise<Page> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) {
      headers.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    const env = { remoteAddr: { hostname: this.remoteAddress } };
    const response = await this.app.request(new URL(path, this.base).href, { ...init, headers }, env);
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(";");
      const [name, value] = [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)];
      const expired = attributes.some((a) => /max-age=0/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return {
      status: response.status,
      headers: response.headers,
      html: await response.text(),
      location: response.headers.get("Location"),
    };
  }

  csrfToken(): string | undefined {
    return this.cookies.get("kartei_csrf") ?? this.cookies.get("__Host-kartei_csrf");
  }

  sessionToken(): string | undefined {
    return this.cookies.get("kartei_session") ?? this.cookies.get("__Host-kartei_session");
  }
}

/** The text of the field error rendered beside a field, or "" when there is none. */
export function fieldError(html: string, field: string): string {
  const match = html.match(new RegExp(`id="${field}-error"[^>]*>([^<]*)<`));
  return match?.[1]?.trim() ?? "";
}

/** A page with its CSRF tokens blanked: they are masked anew on every page, the rest must match. */
export function withoutCsrfTokens(html: string): string {
  return html.replaceAll(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""');
}
