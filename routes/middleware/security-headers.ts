// Security headers for every response, with a Content-Security-Policy that allows only our
// own scripts and styles: no inline code, no eval (htmx runs without hx-on and js: values).
import { secureHeaders } from "hono/secure-headers";
import type { Config } from "../../lib/config.ts";
import { isHttps } from "../../lib/config.ts";

export function securityHeaders(config: Config) {
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
