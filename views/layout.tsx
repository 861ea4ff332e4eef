import type { Child } from "hono/jsx";
import { html } from "hono/html";
import type { PageContext } from "./page-context.ts";
import { CsrfField } from "./components/form.tsx";
import { LANGUAGES, type MessageKey } from "../lib/i18n/mod.ts";
import type { Permission } from "../lib/permissions.ts";
import { NoticesLink } from "./notices/notices-link.tsx";

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
        {page.can("patients.master") && <script type="module" src={page.asset("shortcuts.js")}></script>}
      </head>
      <body hx-boost:inherited="true" class={page.account?.complete ? "app" : "public"}>
        <a class="skip-link" href="#main">{t("nav.skipToContent")}</a>
        <header class="site-header">
          <a class="brand" href="/">{t("app.name")}</a>
          {page.can("patients.master") && <PatientSearch page={page} />}
          {/* On a phone the menu folds into this <details>; from tablet width CSS keeps it open. */}
          <details class="shell-menu">
            <summary>{t("shell.menu")}</summary>
            <div class="shell-menu-body">
              {page.account ? <PracticeNav page={page} /> : <PublicNav page={page} />}
              <div class="shell-tools">
                {page.account && <NoticesLink page={page} />}
                {page.account && <PersonMenu page={page} />}
                <LanguageSwitch page={page} />
              </div>
            </div>
          </details>
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

const PRACTICE_AREAS: Array<{ href: string; key: MessageKey; permission: Permission }> = [
  { href: "/", key: "nav.home", permission: "practice.home" },
  { href: "/calendar", key: "nav.calendar", permission: "calendar.read" },
  { href: "/patients", key: "nav.patients", permission: "patients.master" },
  { href: "/team", key: "nav.team", permission: "team.view" },
  { href: "/billing", key: "billing.nav", permission: "billing.to_bill" },
  { href: "/practice/access", key: "nav.access", permission: "practice.policy" },
];

/** The area the page belongs to: "/" only for itself, every other area for its whole subtree. */
function isCurrent(currentPath: string, href: string): boolean {
  const path = currentPath.split("?")[0];
  return href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`);
}

function PracticeNav(props: { page: PageContext }) {
  const { page } = props;
  const t = page.t;
  return (
    <nav aria-label={t("shell.practiceNav")} class="app-nav">
      {PRACTICE_AREAS.filter((area) => page.can(area.permission)).map((area) => (
        <a href={area.href} aria-current={isCurrent(page.currentPath, area.href) ? "page" : undefined}>
          {t(area.key)}
        </a>
      ))}
    </nav>
  );
}

function PublicNav(props: { page: PageContext }) {
  const t = props.page.t;
  return (
    <nav aria-label={t("shell.practiceNav")} class="app-nav">
      <a href="/sign-in" aria-current={isCurrent(props.page.currentPath, "/sign-in") ? "page" : undefined}>
        {t("nav.signIn")}
      </a>
      <a href="/register" aria-current={isCurrent(props.page.currentPath, "/register") ? "page" : undefined}>
        {t("nav.register")}
      </a>
    </nav>
  );
}

/** A GET form to the patient list: works without JavaScript; "/" or Ctrl+K focuses it (static/shortcuts.js). */
function PatientSearch(props: { page: PageContext }) {
  const t = props.page.t;
  return (
    <form method="get" action="/patients" role="search" class="header-search">
      <label for="header-search" class="visually-hidden">{t("shell.search")}</label>
      <input
        type="search"
        id="header-search"
        name="q"
        placeholder={t("shell.searchPlaceholder")}
        aria-keyshortcuts="/ Control+K"
        title={t("shell.searchShortcut")}
        autocomplete="off"
      />
      <button type="submit">{t("shell.searchSubmit")}</button>
    </form>
  );
}

/** Who is signed in, in which practice; switching practice, security and signing out. */
function PersonMenu(props: { page: PageContext }) {
  const { page } = props;
  const t = page.t;
  const account = page.account!;
  return (
    <details class="person-menu">
      <summary>
        <span class="visually-hidden">{t("shell.personMenu")}:</span>
        {account.name ?? t("shell.personMenu")}
      </summary>
      <div class="person-menu-body">
        {account.name && <p class="muted">{t("shell.signedInAs", { name: account.name })}</p>}
        {page.practice && <p class="muted">{t("shell.practiceOf", { name: page.practice.name })}</p>}
        <ul>
          {page.practice && (
            <li>
              <a href="/practices">{t("nav.switchPractice")}</a>
            </li>
          )}
          {account.complete && (
            <li>
              <a href="/security" aria-current={isCurrent(page.currentPath, "/security") ? "page" : undefined}>
                {t("nav.security")}
              </a>
            </li>
          )}
        </ul>
        <form method="post" action="/sign-out">
          <CsrfField token={page.csrfToken} />
          <button type="submit">{t("nav.signOut")}</button>
        </form>
      </div>
    </details>
  );
}

function LanguageSwitch(props: { page: PageContext }) {
  const { page } = props;
  const t = page.t;
  return (
    // A full page load: a boosted swap replaces only the body and would leave <html lang> as it was.
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
  );
}
