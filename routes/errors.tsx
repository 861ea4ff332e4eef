// Error pages: the same layout as every page, with no stack trace and, for 500s, the request
// id that links the user's report to the log line.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "./app-env.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import { negotiateLanguage, translator } from "../lib/i18n/mod.ts";
import { ErrorPage } from "../views/error-page.tsx";
import { pageContext } from "./page.ts";

export function renderError(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  title: MessageKey,
  body: MessageKey,
) {
  // Errors can happen before the i18n and csrf middleware have run.
  if (!c.var.t) {
    const lang = negotiateLanguage(c.req.header("Accept-Language"));
    c.set("lang", lang);
    c.set("t", translator(lang));
  }
  if (c.var.csrfToken === undefined) c.set("csrfToken", "");
  if (c.var.session === undefined) c.set("session", null);
  const requestId = status >= 500 ? c.var.requestId : undefined;
  return c.html(<ErrorPage page={pageContext(c)} title={title} body={body} requestId={requestId} />, status);
}
