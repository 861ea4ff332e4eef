import { Layout } from "./layout.tsx";
import type { PageContext } from "./page-context.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";

export interface HomeFacts {
  /** null where the person's role may not see the area. */
  patients: number | null;
  appointmentsToday: number | null;
  appointmentsComing: number | null;
  comingDays: number;
  /** Today's date in Berlin, for the calendar links. */
  today: string;
  members: number | null;
  openInvitations: number | null;
  /** First steps this person may take, in order. */
  steps: Array<{ key: MessageKey; href: string }>;
}

/** What exists in the practice for this person, and the first steps only their role may take. */
export function HomePage(
  props: { page: PageContext; name: string; practiceName: string | null; facts: HomeFacts },
) {
  const t = props.page.t;
  const f = props.facts;
  const glance: Array<{ text: string; href: string }> = [];
  if (f.appointmentsToday !== null) {
    glance.push({
      text: t("home.appointmentsToday", { count: f.appointmentsToday }),
      href: `/calendar/day?date=${f.today}`,
    });
  }
  if (f.appointmentsComing !== null) {
    glance.push({
      text: t("home.appointmentsComing", { count: f.appointmentsComing, days: f.comingDays }),
      href: `/calendar/week?date=${f.today}`,
    });
  }
  if (f.patients !== null) glance.push({ text: t("home.patients", { count: f.patients }), href: "/patients" });
  if (f.members !== null) glance.push({ text: t("home.members", { count: f.members }), href: "/team" });
  if (f.openInvitations) {
    glance.push({ text: t("home.openInvitations", { count: f.openInvitations }), href: "/team" });
  }
  return (
    <Layout page={props.page} title={t("home.title")}>
      <h1>{t("home.welcome", { name: props.name })}</h1>
      {props.practiceName && <p class="muted">{t("home.practice", { practice: props.practiceName })}</p>}
      <p>
        {t("home.signedIn")} <a href="/security">{t("home.manageSecurity")}</a>
      </p>
      {glance.length > 0
        ? (
          <section class="panel" aria-labelledby="home-glance">
            <h2 id="home-glance">{t("home.glance")}</h2>
            <ul class="home-glance">
              {glance.map((item) => (
                <li>
                  <a href={item.href}>{item.text}</a>
                </li>
              ))}
            </ul>
          </section>
        )
        : <p class="notice">{t("home.nothingGranted")}</p>}
      {f.steps.length > 0 && (
        <section class="panel" aria-labelledby="home-steps">
          <h2 id="home-steps">{t("home.firstSteps")}</h2>
          <ol>
            {f.steps.map((step) => (
              <li>
                <a href={step.href}>{t(step.key)}</a>
              </li>
            ))}
          </ol>
        </section>
      )}
    </Layout>
  );
}
