// Security headers for every response, with a Content-Security-Policy that allows only our
// own scripts and styles: no inline code, no eval (htmx runs without hx-on and js: values).
import { secureHeaders } from "hono/secure-headers";
import type { MiddlewareHandler } from "hono";
import type { Config } from "../../lib/config.ts";
import { isHttps } from "../../lib/config.ts";
import type { AppEnv } from "../app-env.ts";

// A file we serve (a document download or preview) is sandboxed: should a browser ever render
// it as a page, it gets no scripts, no forms and no origin of ours.
const FILE_POLICY = "default-src 'none'; img-src 'self'; sandbox; frame-ancestors 'none'";

export function securityHeaders(config: Config): MiddlewareHandler<AppEnv> {
  const headers = pageHeaders(config);
  return async (c, next) => {
    await headers(c, next);
    if (c.res.headers.has("Content-Disposition")) c.res.headers.set("Content-Security-Policy", FILE_POLICY);
    // A booking page the practice lets its own website frame: that origin only, nothing else.
    const ancestor = c.get("frameAncestor");
    if (ancestor && /^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/.test(ancestor)) {
      const policy = c.res.headers.get("Content-Security-Policy") ?? "";
      c.res.headers.set(
        "Content-Security-Policy",
        policy.replace("frame-ancestors 'none'", `frame-ancestors ${ancestor}`),
      );
      c.res.headers.delete("X-Frame-Options");
    }
  };
}

function pageHeaders(config: Config) {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
    strictTransportSecurity: isHttps(config) ? "max-age=63072000; includeSubDomains" : false,
    xFrameOptions: "DENY",
    referrerPolicy: "same-origin",
    crossOriginOpenerPolicy: "same-origin",
    crossOriginResourcePolicy: "same-origin",
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [] },
    xContentTypeOptions: "nosniff",
  });
}
