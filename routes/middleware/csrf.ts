// CSRF protection for every unsafe method: the request must come from our own origin (Origin
// and Sec-Fetch-Site, when the browser sends them) and carry the token from its cookie, either
// as the hidden form field every form renders or as the X-CSRF-Token header htmx sends. In a
// multipart form the field must come before every file (our forms render it first): the body is
// read as a stream only that far, and a file ahead of the token is refused like a missing token.
import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Config } from "../../lib/config.ts";
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import { generateSecretToken, secretsEqual } from "../../lib/secret-token.ts";
import type { AppEnv } from "../app-env.ts";
import { readCookie, writeCookie } from "./cookies.ts";
import { renderError } from "../errors.tsx";
import { pageContext } from "../page.ts";
import { WrongAddressPage } from "../../views/wrong-address-page.tsx";
import { isMultipart, streamedForm } from "../streamed-form.ts";

export const CSRF_FIELD = "_csrf";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const PUBLIC_BOOKING_FORM = /^\/buchen\//;
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)/i;

// Distinct wrong addresses already logged by this process (bounded: the Origin is the client's to choose).
const MAX_LOGGED_ADDRESSES = 100;

export function csrf(config: Config): MiddlewareHandler<AppEnv> {
  const loggedAddresses = new Set<string>();
  return async (c, next) => {
    let token = readCookie(c, config, "csrf");
    if (!token || !/^[a-z2-7]{52}$/.test(token)) {
      token = generateSecretToken();
      writeCookie(c, config, "csrf", token);
    }
    // Pages carry the token masked anew for every answer: a compressed page that also reflects
    // input (a search term) then gives a BREACH attacker no constant secret to home in on.
    c.set("csrfToken", maskToken(token));
    if (SAFE_METHODS.has(c.req.method)) return await next();

    const used = ourServerUnderAnotherAddress(c, config);
    if (used) {
      if (!loggedAddresses.has(used) && loggedAddresses.size < MAX_LOGGED_ADDRESSES) {
        loggedAddresses.add(used);
        c.var.deps.log.warn("form refused: Kartei was opened at an address other than BASE_URL", {
          origin: used,
          baseUrl: config.baseUrl.origin,
        });
      }
      return c.html(WrongAddressPage({ page: pageContext(c), used, configured: config.baseUrl.origin }), 403);
    }
    // The public booking forms may be framed by the practice's website, where the browser keeps
    // our cookie to itself: they carry a signed ticket instead (lib/booking-ticket.ts) and act
    // for no session, so the origin check is theirs alone.
    if (PUBLIC_BOOKING_FORM.test(c.req.path) && comesFromOurOrigin(c, config)) return await next();
    if (!comesFromOurOrigin(c, config) || !secretsEqual(unmaskToken(await submittedToken(c)), token)) {
      return renderError(c, 403, "error.forbidden.title", "error.csrf.body");
    }
    await next();
  };
}

/** The token XOR a fresh random pad, with the pad: `pad.masked`, both base64url. */
export function maskToken(token: string): string {
  const bytes = new TextEncoder().encode(token);
  const pad = crypto.getRandomValues(new Uint8Array(bytes.length));
  return `${encodeBase64urlNoPadding(pad)}.${encodeBase64urlNoPadding(bytes.map((byte, i) => byte ^ pad[i]))}`;
}

/** The token behind a masked one; anything else (a bare token, as the cookie holds it) as it is. */
export function unmaskToken(submitted: string): string {
  const [pad, masked, extra] = submitted.split(".");
  if (masked === undefined || extra !== undefined) return submitted;
  try {
    const padBytes = decodeBase64urlIgnorePadding(pad);
    const maskedBytes = decodeBase64urlIgnorePadding(masked);
    if (padBytes.length !== maskedBytes.length) return "";
    return new TextDecoder().decode(maskedBytes.map((byte, i) => byte ^ padBytes[i]));
  } catch {
    return "";
  }
}

/**
 * The origin of a same-origin form post whose origin is not BASE_URL's: this server, opened by
 * another name (127.0.0.1 for localhost, its LAN address). A cross-site post is not this case.
 */
function ourServerUnderAnotherAddress(c: Context, config: Config): string | undefined {
  const origin = c.req.header("Origin");
  if (!origin || origin === config.baseUrl.origin) return undefined;
  const sameOrigin = c.req.header("Sec-Fetch-Site") === "same-origin" || origin === new URL(c.req.url).origin;
  return sameOrigin && /^https?:\/\/[^/\s]+$/.test(origin) ? origin : undefined;
}

function comesFromOurOrigin(c: Context, config: Config): boolean {
  const origin = c.req.header("Origin");
  if (origin !== undefined && origin !== config.baseUrl.origin) return false;
  const site = c.req.header("Sec-Fetch-Site");
  return site === undefined || site === "same-origin" || site === "none";
}

async function submittedToken(c: Context): Promise<string> {
  const header = c.req.header("X-CSRF-Token");
  if (header) return header;
  if (!FORM_TYPES.test(c.req.header("Content-Type") ?? "")) return "";
  if (isMultipart(c)) return await streamedForm(c).fieldBeforeFiles(CSRF_FIELD) ?? "";
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody();
  } catch {
    throw new HTTPException(400, { message: "malformed form body" });
  }
  const field = body[CSRF_FIELD];
  return typeof field === "string" ? field : "";
}
