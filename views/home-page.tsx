import { Layout } from "./layout.tsx";
import type { PageContext } from "./page-context.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import type { TodayPlan } from "../db/today.ts";
import type { NoticeCounts } from "../db/notices.ts";
import { TodaySections } from "./today/today-list.tsx";
import { NeedsYou } from "./today/needs-you.tsx";

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

/**
 * Today for this person: what waits for them, their day (or the practice's), what exists in the
 * practice for their role; a new practice's first steps instead of the day.
 */
export function HomePage(
  props: {
    page: PageContext;
    name: string;
    practiceName: string | null;
    facts: HomeFacts;
    /** The day, unless the practice is new or the role has no calendar. */
    plan: TodayPlan | null;
    /** What waits for an approver; null for everyone else. */
    notices: NoticeCounts | null;
    expiringDays: number;
    now: Date;
    notice?: MessageKey;
    problem?: MessageKey;
  },
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
      {props.notice && <div class="notice" role="status">{t(props.notice)}</div>}
      {props.problem && <div class="error-summary" role="alert">{t(props.problem)}</div>}
      {props.notices && <NeedsYou page={props.page} counts={props.notices} expiringDays={props.expiringDays} />}
      {props.plan && <TodaySections page={props.page} plan={props.plan} today={f.today} now={props.now} />}
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
