// One member as the owner sees them: state, second factors, sessions, end date, and the
// owner's actions on them, each with the reason it is taken for.
import type { Child } from "hono/jsx";
import { Layout } from "../layout.tsx";
import type { FieldError, FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, FieldMessage, Notice } from "../components/form.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { ReissueForm } from "./reissue-form.tsx";
import type { FactorKind, Role } from "../../db/schema.ts";

export interface MemberView {
  id: string;
  name: string;
  email: string;
  role: Role;
  status: "active" | "locked";
  locked_reason: string | null;
  ended_at: Date | null;
  ends_on: string | null;
  current: boolean;
  self: boolean;
  sessionCount: number;
  factors: { id: string; kind: FactorKind; name: string; status: "pending" | "active" | "locked" }[];
}

const KIND_LABEL: Record<FactorKind, MessageKey> = {
  totp: "security.kind.totp",
  webauthn: "security.kind.webauthn",
  yubico_otp: "security.kind.yubico_otp",
};

/** A reason field whose id is unique on the page: several action forms each carry one. */
export function ReasonField(props: { page: PageContext; form: string; error?: FieldError; value?: string }) {
  const id = `${props.form}-reason`;
  return (
    <div class={props.error ? "field field-invalid" : "field"}>
      <label for={id}>{props.page.t("locks.reason")}</label>
      <input
        id={id}
        name="reason"
        type="text"
        value={props.value}
        maxlength={500}
        required
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={`${id}-error`}
      />
      <FieldMessage page={props.page} id={`${id}-error`} error={props.error} />
    </div>
  );
}

function ActionForm(
  props: { page: PageContext; action: string; form: string; label: string; errors: FieldErrors; children?: Child },
) {
  return (
    <form method="post" action={props.action} class="stack" novalidate>
      <CsrfField token={props.page.csrfToken} />
      {props.children}
      <ReasonField page={props.page} form={props.form} error={props.errors[`${props.form}-reason`]} />
      <button type="submit">{props.label}</button>
    </form>
  );
}

export function MemberPage(props: {
  page: PageContext;
  member: MemberView;
  today: string;
  notice?: MessageKey;
  problem?: MessageKey;
  errors: FieldErrors;
  values: Record<string, string>;
}) {
  const { page, member, errors } = props;
  const t = page.t;
  const base = `/team/members/${member.id}`;
  const state: MessageKey = member.ended_at || (!member.current && member.status === "active")
    ? "team.statusEnded"
    : member.status === "locked"
    ? "team.statusLocked"
    : "team.statusActive";
  const manageable = !member.self && !member.ended_at;
  return (
    <Layout page={page} title={member.name}>
      <p>
        <a href="/team">{t("team.title")}</a>
      </p>
      <h1>{member.name}</h1>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      {props.problem && <div class="error-summary" role="alert">{t(props.problem)}</div>}
      <ErrorSummary page={page} errors={errors} />
      <dl class="facts">
        <dt>{t("team.email")}</dt>
        <dd>{member.email}</dd>
        <dt>{t("team.role")}</dt>
        <dd>{t(`role.${member.role}`)}</dd>
        <dt>{t("team.status")}</dt>
        <dd>{t(state)}</dd>
        {member.locked_reason && (
          <>
            <dt>{t("locks.lockedReason")}</dt>
            <dd>{member.locked_reason}</dd>
          </>
        )}
        <dt>{t("team.endsOn")}</dt>
        <dd>{member.ends_on ?? "–"}</dd>
        <dt>{t("locks.sessions")}</dt>
        <dd>{member.sessionCount}</dd>
      </dl>
      {member.self && <p>{t("locks.selfHint")}</p>}
      {member.ended_at && <p>{t("locks.endedHint")}</p>}

      {manageable && (
        <section class="panel">
          <h2>{t("locks.access")}</h2>
          {member.status === "active"
            ? (
              <ActionForm page={page} action={`${base}/lock`} form="lock" label={t("locks.lock")} errors={errors}>
                <p>{t("locks.lockHint")}</p>
              </ActionForm>
            )
            : (
              <ActionForm
                page={page}
                action={`${base}/unlock`}
                form="unlock"
                label={t("locks.unlock")}
                errors={errors}
              />
            )}
          <ActionForm
            page={page}
            action={`${base}/sessions/end`}
            form="sessions"
            label={t("locks.endSessions")}
            errors={errors}
          />
        </section>
      )}
      {manageable && <ReissueForm page={page} membershipId={member.id} errors={errors} />}

      <section class="panel">
        <h2>{t("security.factors")}</h2>
        <table class="table">
          <thead>
            <tr>
              <th>{t("security.factorName")}</th>
              <th>{t("security.factorKind")}</th>
              <th>{t("security.factorStatus")}</th>
              {manageable && (
                <th>
                  <span class="visually-hidden">{t("table.actions")}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {member.factors.map((factor) => (
              <tr data-factor-id={factor.id}>
                <td>{factor.name}</td>
                <td>{t(KIND_LABEL[factor.kind])}</td>
                <td>{t(factor.status === "locked" ? "security.statusLocked" : "security.statusActive")}</td>
                {manageable && (
                  <td class="actions">
                    <form
                      method="post"
                      action={`${base}/factors/${factor.id}/${factor.status === "active" ? "lock" : "remove"}`}
                      class="stack"
                      novalidate
                    >
                      <CsrfField token={page.csrfToken} />
                      <ReasonField
                        page={page}
                        form={`factor-${factor.id}`}
                        error={errors[`factor-${factor.id}-reason`]}
                      />
                      {factor.status === "active" && (
                        <button type="submit" formaction={`${base}/factors/${factor.id}/lock`}>
                          {t("locks.lockFactor")}
                        </button>
                      )}
                      <button type="submit" formaction={`${base}/factors/${factor.id}/remove`}>
                        {t("security.remove")}
                      </button>
                    </form>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {manageable && <a href={`${base}/yubikey`}>{t("memberKeys.link")}</a>}
      </section>

      {manageable && (
        <section class="panel">
          <h2>{t("locks.end")}</h2>
          <ActionForm
            page={page}
            action={`${base}/end-date`}
            form="end-date"
            label={t("locks.setEndDate")}
            errors={errors}
          >
            <div class={errors.ends_on ? "field field-invalid" : "field"}>
              <label for="ends_on">{t("locks.endsOn")}</label>
              <input
                id="ends_on"
                name="ends_on"
                type="date"
                min={props.today}
                value={props.values.ends_on ?? member.ends_on ?? ""}
                required
                aria-invalid={errors.ends_on ? "true" : undefined}
                aria-describedby="ends_on-error"
              />
              <FieldMessage page={page} id="ends_on-error" error={errors.ends_on} />
            </div>
          </ActionForm>
          <ActionForm page={page} action={`${base}/end`} form="end" label={t("locks.endNow")} errors={errors}>
            <p>{t("locks.endNowHint")}</p>
          </ActionForm>
        </section>
      )}
    </Layout>
  );
}

/** Suspected breach: every credential of the practice locked in one action. */
export function LockPracticePage(props: {
  page: PageContext;
  errors: FieldErrors;
  notice?: MessageKey;
  fourEyes: boolean;
}) {
  const { page, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("locks.practiceTitle")}>
      <p>
        <a href="/team">{t("team.title")}</a>
      </p>
      <h1>{t("locks.practiceTitle")}</h1>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <ErrorSummary page={page} errors={errors} />
      <p>{t("locks.practiceIntro")}</p>
      {props.fourEyes && <p>{t("locks.practiceFourEyes")}</p>}
      <section class="panel">
        <ActionForm
          page={page}
          action="/team/lock-practice"
          form="practice"
          label={t(props.fourEyes ? "locks.practiceRequest" : "locks.practiceSubmit")}
          errors={errors}
        />
      </section>
    </Layout>
  );
}

/** After the whole practice was locked: the owner is signed out with everyone else. */
export function PracticeLockedPage(props: { page: PageContext; accounts: number }) {
  const t = props.page.t;
  return (
    <Layout page={props.page} title={t("locks.practiceTitle")}>
      <h1>{t("locks.practiceDoneTitle")}</h1>
      <Notice>{t("locks.practiceDone", { count: props.accounts })}</Notice>
      <p>
        <a href="/sign-in">{t("nav.signIn")}</a>
      </p>
    </Layout>
  );
}
