import type { Child } from "hono/jsx";
import { html } from "hono/html";
import type { PageContext } from "./page-context.ts";
import { CsrfField } from "./components/form.tsx";
import { LANGUAGES } from "../lib/i18n/mod.ts";

export function Layout(props: { page: PageContext; title: string; children: Child }) {
  const { page } = props;
  const t = page.t;
  return html`<!DOCTYPE html>${(
    <html lang={page.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · {t("app.name")}</title>
        <link rel="stylesheet" href={page.asset("app.css")} />
        <link rel="icon" href={page.asset("favicon.svg")} type="image/svg+xml" />
        <meta name="htmx-config" content='{"noSwap":[204,304]}' />
        <script src={page.asset("htmx.min.js")} defer></script>
      </head>
      <body hx-boost:inherited="true">
        <a class="skip-link" href="#main">{t("nav.skipToContent")}</a>
        <header class="site-header">
          <a class="brand" href="/">{t("app.name")}</a>
          <nav aria-label={t("nav.home")}>
            {page.account
              ? (
                <form method="post" action="/sign-out" class="inline-form">
                  <CsrfField token={page.csrfToken} />
                  {page.can("calendar.read") && <a href="/calendar">{t("nav.calendar")}</a>}
                  {page.can("patients.master") && <a href="/patients">{t("nav.patients")}</a>}
                  {page.can("team.view") && <a href="/team">{t("nav.team")}</a>}
                  {page.can("billing.to_bill") && <a href="/billing">{t("billing.nav")}</a>}
                  {page.can("practice.policy") && <a href="/practice/access">{t("nav.access")}</a>}
                  {page.account.complete && <a href="/security">{t("nav.security")}</a>}
                  {page.practice && <a href="/practices" class="muted">{page.practice.name}</a>}
                  {page.account.name && <span class="who">{page.account.name}</span>}
                  <button type="submit" class="link-button">{t("nav.signOut")}</button>
                </form>
              )
              : (
                <>
                  <a href="/sign-in">{t("nav.signIn")}</a>
                  <a href="/register">{t("nav.register")}</a>
                </>
              )}
          </nav>
          {/* A full page load: a boosted swap replaces only the body and would leave <html lang> as it was. */}
          <form method="post" action="/language" class="inline-form language-switch" hx-boost="false">
            <CsrfField token={page.csrfToken} />
            <input type="hidden" name="return_to" value={page.currentPath} />
            <span class="visually-hidden">{t("language.switch")}</span>
            {LANGUAGES.map((lang) => (
              <button
                type="submit"
                name="lang"
                value={lang}
                class="link-button"
                aria-current={lang === page.lang ? "true" : undefined}
                lang={lang}
              >
                {t(`language.${lang}`)}
              </button>
            ))}
          </form>
        </header>
        <main id="main">{props.children}</main>
        <footer class="site-footer">
          <a href="/terms">{t("nav.terms")}</a>
          {page.showDevOutbox && <a href="/dev/outbox">{t("outbox.title")}</a>}
        </footer>
      </body>
    </html>
  )}`;
}
