// Where a "back" link may lead: a path of this site's calendar or patient pages, as our own
// links carry it. Anything else (another origin, "//host", a backslash a browser reads as a
// slash, a scheme, control characters, a path elsewhere in the app) is refused, so a crafted
// link can never turn "back" into a redirect to somewhere else.
const RETURN_PREFIXES = ["/calendar", "/patients"];
const MAX_LENGTH = 600;

export function safeReturnPath(value: string | null | undefined): string | null {
  if (!value || value.length > MAX_LENGTH) return null;
  if (!value.startsWith("/") || value.startsWith("//")) return null;
  // Characters outside printable ASCII, backslashes and whitespace have no place in our paths.
  if (!/^[\x21-\x7e]+$/.test(value) || value.includes("\\")) return null;
  let url: URL;
  try {
    url = new URL(value, "http://kartei.invalid");
  } catch {
    return null;
  }
  if (url.origin !== "http://kartei.invalid") return null;
  const path = url.pathname;
  // Dot segments are resolved by the parser; the result must still be one of our areas.
  if (!RETURN_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return null;
  return `${path}${url.search}`;
}

/** A link with `back` set to a return path (kept as is: the target validates it again). */
export function withReturnPath(href: string, back: string | null): string {
  if (!back) return href;
  return `${href}${href.includes("?") ? "&" : "?"}back=${encodeURIComponent(back)}`;
}
