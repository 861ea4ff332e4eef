// The day on the home page: one row per appointment (a partial htmx swaps alone after a
// check-in or attendance), the gaps, today's cancellations and the person's drafts.
import type { PageContext } from "../page-context.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import type { TodayAppointment, TodayDraft, TodayGap, TodayPlan } from "../../db/today.ts";
import type { Child } from "hono/jsx";
import { CsrfField } from "../components/form.tsx";
import { berlinParts, berlinTime, formatDay } from "../../lib/berlin-time.ts";

const span = (a: { startsAt: Date; endsAt: Date }) => `${berlinTime(a.startsAt)}–${berlinTime(a.endsAt)}`;

/** A small POST form of a row: without JavaScript a full round trip, with htmx the row alone is replaced. */
function RowForm(props: { page: PageContext; id: string; action: string; children: Child; version?: number }) {
  const action = `/today/appointments/${props.id}/${props.action}`;
  return (
    <form
      method="post"
      action={action}
      class="inline-form"
      hx-post={action}
      hx-target={`#today-${props.id}`}
      hx-swap="outerHTML"
    >
      <CsrfField token={props.page.csrfToken} />
      {props.version !== undefined && <input type="hidden" name="version" value={String(props.version)} />}
      {props.children}
    </form>
  );
}

function State(props: { page: PageContext; a: TodayAppointment; now: Date }) {
  const { page, a } = props;
  const t = page.t;
  if (a.status !== "booked") return <span class={`tag status-${a.status}`}>{t(`calendar.status.${a.status}`)}</span>;
  if (a.arrivedAt) {
    return <span class="tag status-arrived">{t("today.arrivedAt", { time: berlinParts(a.arrivedAt).time })}</span>;
  }
  if (a.next) return <span class="tag status-next">{t("today.next")}</span>;
  // Over, and nobody said whether the patient came.
  if (a.endsAt <= props.now) return <span class="tag status-unrecorded">{t("today.unrecorded")}</span>;
  return <span class="muted">{t("today.expected")}</span>;
}

export function TodayRow(
  props: {
    key?: string;
    page: PageContext;
    a: TodayAppointment;
    whose: TodayPlan["whose"];
    now: Date;
    problem?: MessageKey;
  },
) {
  const { page, a, now } = props;
  const t = page.t;
  const write = page.can("calendar.write") && a.status === "booked";
  const who = a.patientName ?? a.title;
  return (
    <li id={`today-${a.id}`} class={`today-row${a.next ? " is-next" : ""}${a.arrivedAt ? " is-arrived" : ""}`}>
      <span class="today-time">{span(a)}</span>
      <span class="today-who">
        {a.patientId && page.can("patients.master")
          ? <a href={`/patients/${a.patientId}`}>{who}</a>
          : <a href={`/calendar/appointments/${a.id}`}>{who || t("today.withoutPatient")}</a>}
        {props.whose === "practice" && <span class="muted">{a.practitionerName}</span>}
        {(a.typeName || a.roomName) && (
          <span class="muted">
            {[a.typeName, a.roomName && t("today.room", { room: a.roomName })].filter(Boolean).join(" · ")}
          </span>
        )}
        {a.lastNote && (
          <span class="muted">{t("today.lastNote", { title: a.lastNote.title || t("today.freeTextNote") })}</span>
        )}
      </span>
      <span class="today-state">
        <State page={page} a={a} now={now} />
      </span>
      {write && (
        <div class="today-actions">
          {!a.arrivedAt && (
            <RowForm page={page} id={a.id} action="check-in">
              <button type="submit" class="primary" aria-label={t("today.checkInFor", { patient: who })}>
                {t("today.checkIn")}
              </button>
            </RowForm>
          )}
          {a.arrivedAt && (
            <RowForm page={page} id={a.id} action="check-in/undo">
              <button type="submit" class="link-button">{t("today.undoCheckIn")}</button>
            </RowForm>
          )}
          {a.startsAt <= now && (
            <RowForm page={page} id={a.id} action="attendance" version={a.version}>
              <button type="submit" name="status" value="attended" class="secondary">{t("today.attended")}</button>
              <button type="submit" name="status" value="no_show" class="secondary">{t("today.noShow")}</button>
            </RowForm>
          )}
        </div>
      )}
      {props.problem && <p class="field-error today-problem" role="alert">{t(props.problem)}</p>}
    </li>
  );
}

function Gaps(props: { page: PageContext; gaps: TodayGap[]; whose: TodayPlan["whose"] }) {
  const t = props.page.t;
  return (
    <section class="panel" aria-labelledby="today-gaps">
      <h2 id="today-gaps">{t("today.gaps")}</h2>
      {props.gaps.length === 0 ? <p class="muted">{t("today.noGaps")}</p> : (
        <ul class="today-gaps">
          {props.gaps.map((gap) => (
            <li>
              {props.whose === "practice"
                ? t("today.gap", {
                  from: berlinTime(gap.start),
                  to: berlinTime(gap.end),
                  practitioner: gap.practitionerName,
                })
                : `${berlinTime(gap.start)}–${berlinTime(gap.end)}`}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Drafts(props: { page: PageContext; drafts: TodayDraft[] }) {
  const { page } = props;
  const t = page.t;
  if (props.drafts.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="today-drafts">
      <h2 id="today-drafts">{t("today.drafts")}</h2>
      <ul>
        {props.drafts.map((draft) => (
          <li>
            <a href={`/notes/${draft.id}`}>
              {t("today.draft", {
                title: draft.title || t("today.freeTextNote"),
                patient: draft.patientName,
                date: formatDay(berlinParts(draft.finalizeDueAt).date, page.lang),
              })}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function TodaySections(props: { page: PageContext; plan: TodayPlan; today: string; now: Date }) {
  const { page, plan } = props;
  const t = page.t;
  return (
    <>
      <section class="panel today" aria-labelledby="today-day">
        <h2 id="today-day">
          {t(plan.whose === "practice" ? "today.practiceDay" : "today.ownDay")}{" "}
          <span class="muted">{formatDay(props.today, page.lang, "long")}</span>
        </h2>
        {plan.appointments.length === 0 ? <p class="muted">{t("today.noAppointments")}</p> : (
          <ol class="today-list">
            {plan.appointments.map((a) => <TodayRow key={a.id} page={page} a={a} whose={plan.whose} now={props.now} />)}
          </ol>
        )}
        <p>
          <a href={`/calendar/day?date=${props.today}`}>{t("today.toCalendar")}</a>
        </p>
      </section>
      {plan.drafts && <Drafts page={page} drafts={plan.drafts} />}
      {plan.gaps && <Gaps page={page} gaps={plan.gaps} whose={plan.whose} />}
      {plan.cancelled.length > 0 && (
        <section class="panel" aria-labelledby="today-cancelled">
          <h2 id="today-cancelled">{t("today.cancelled")}</h2>
          <ul class="today-cancelled">
            {plan.cancelled.map((a) => (
              <li>
                <a href={`/calendar/appointments/${a.id}`}>{span(a)} {a.patientName ?? a.title}</a>
                {plan.whose === "practice" && <span class="muted">· {a.practitionerName}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {plan.unnotifiedChanges && plan.unnotifiedChanges.length > 0 && (
        <section class="panel" aria-labelledby="today-unnotified">
          <h2 id="today-unnotified">{t("today.unnotified")}</h2>
          <ul>
            {plan.unnotifiedChanges.map((a) => (
              <li>
                <a href={`/calendar/appointments/${a.id}`}>{span(a)} {a.patientName ?? a.title}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
