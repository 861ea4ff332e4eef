// The public booking pages' frame: no navigation of Kartei, no script, the stylesheet only, so
// a page weighs a few KB and can sit in the practice's website (where it may frame it).
import type { Child } from "hono/jsx";
import { html } from "hono/html";
import type { PageContext } from "../page-context.ts";
import { LANGUAGES } from "../../lib/i18n/mod.ts";

export function BookingLayout(props: { page: PageContext; title: string; practice: string; children: Child }) {
  const { page } = props;
  const t = page.t;
  const path = page.currentPath.replace(/([?&])lang=[a-z]{2}&?/, "$1").replace(/[?&]$/, "");
  const joiner = path.includes("?") ? "&" : "?";
  return html`<!DOCTYPE html>${(
    <html lang={page.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{props.title} · {props.practice}</title>
        <link rel="stylesheet" href={page.asset("app.css")} />
        <link rel="icon" href={page.asset("favicon.svg")} type="image/svg+xml" />
      </head>
      <body class="booking">
        <header class="booking-header">
          <p class="booking-practice">{props.practice}</p>
          <p class="booking-languages">
            {LANGUAGES.map((lang) => (
              <a
                href={`${path}${joiner}lang=${lang}`}
                lang={lang}
                aria-current={lang === page.lang ? "true" : undefined}
              >
                {t(`language.${lang}`)}
              </a>
            ))}
          </p>
        </header>
        <main id="main">{props.children}</main>
      </body>
    </html>
  )}`;
}
