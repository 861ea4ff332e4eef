// One person in the console: account state, memberships and second factors (names and kinds
// only, never secrets), and the support actions with their reasons.
import { Layout } from "../layout.tsx";
import { CheckboxField, CsrfField, ErrorSummary, FieldMessage, Notice } from "../components/form.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import type { Role } from "../../lib/permissions.ts";
import { ConsoleNav, ReasonField } from "./reason-field.tsx";
import { atMinute, onDay } from "./time.ts";

export interface PersonView {
  account: {
    id: string;
    name: string;
    email: string;
    status: "unverified" | "active" | "locked";
    created_at: Date;
    locked_at: Date | null;
    locked_reason: string | null;
    locked_until: Date | null;
    auto_lock_extended_until: Date | null;
  };
  memberships: {
    practice_id: string;
    practice_name: string;
    role: Role;
    status: "active" | "locked";
    ended_at: Date | null;
  }[];
  factors: {
    id: string;
    kind: "totp" | "webauthn" | "yubico_otp";
    name: string;
    status: "pending" | "active" | "locked";
    created_at: Date;
    last_used_at: Date | null;
  }[];
}

export function OperatorPersonPage(props: {
  page: PageContext;
  person: PersonView;
  notice?: MessageKey;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { page, person, errors, values } = props;
  const { account } = person;
  const t = page.t;
  const locked = account.status === "locked";
  const yubikeys = person.factors.filter((factor) => factor.kind === "yubico_otp");
  const base = `/operator/accounts/${account.id}`;
  return (
    <Layout page={page} title={account.name}>
      <h1>{account.name}</h1>
      <ConsoleNav page={page} />
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <ErrorSummary page={page} errors={errors} />
      <section class="panel">
        <h2>{t("operator.account.title")}</h2>
        <dl>
          <dt>{t("team.email")}</dt>
          <dd>{account.email}</dd>
          <dt>{t("operator.accountState")}</dt>
          <dd id="account-state">
            {t(`operator.account.${account.status}`)}
            {locked && ` · ${atMinute(account.locked_at)} · ${account.locked_reason ?? ""}`}
          </dd>
          <dt>{t("operator.account.autoLockExtendedUntil")}</dt>
          <dd id="auto-lock-extended-until">{onDay(account.auto_lock_extended_until)}</dd>
        </dl>
        <form method="post" action={`${base}/${locked ? "unlock" : "lock"}`} class="stack">
          <CsrfField token={page.csrfToken} />
          <ReasonField page={page} name="account_reason" errors={errors} value={values.account_reason} />
          <button type="submit" class="primary">
            {t(locked ? "operator.account.unlock" : "operator.account.lock")}
          </button>
        </form>
      </section>

      <section class="panel">
        <h2>{t("operator.memberships")}</h2>
        <ul>
          {person.memberships.map((membership) => (
            <li key={membership.practice_id}>
              <a href={`/operator/practices/${membership.practice_id}`}>{membership.practice_name}</a>{" "}
              ({t(`role.${membership.role}`)}, {t(
                membership.ended_at
                  ? "operator.membership.ended"
                  : membership.status === "locked"
                  ? "operator.membership.locked"
                  : "operator.membership.current",
              )})
            </li>
          ))}
        </ul>
      </section>

      <section class="panel">
        <h2>{t("operator.factors.title")}</h2>
        {person.factors.length === 0 && <p id="no-factors">{t("operator.factors.none")}</p>}
        <ul>
          {person.factors.map((factor) => (
            <li key={factor.id} data-factor-id={factor.id}>
              {factor.name} ({t(`operator.factorKind.${factor.kind}`)}, {t(`operator.factorStatus.${factor.status}`)})
            </li>
          ))}
        </ul>
        <h3>{t("operator.factors.reset")}</h3>
        <p class="muted">{t("operator.factors.resetExplained")}</p>
        <form method="post" action={`${base}/factors/reset`} class="stack">
          <CsrfField token={page.csrfToken} />
          <CheckboxField page={page} name="reset_checked" checked={false} error={errors.reset_checked}>
            {t("operator.supportCheckDone")}
          </CheckboxField>
          <ReasonField page={page} name="reset_reason" errors={errors} value={values.reset_reason} />
          <button type="submit" class="primary">{t("operator.factors.reset")}</button>
        </form>
        {yubikeys.length > 0 && (
          <>
            <h3>{t("operator.yubikey.resync")}</h3>
            <p class="muted">{t("operator.yubikey.resyncExplained")}</p>
            <form method="post" action={`${base}/factors/resync`} class="stack">
              <CsrfField token={page.csrfToken} />
              <div class="field">
                <label for="factor_id">{t("operator.yubikey.which")}</label>
                <select id="factor_id" name="factor_id">
                  {yubikeys.map((key) => <option key={key.id} value={key.id}>{key.name}</option>)}
                </select>
                <FieldMessage page={page} id="factor_id-error" error={errors.factor_id} />
              </div>
              <CheckboxField page={page} name="resync_checked" checked={false} error={errors.resync_checked}>
                {t("operator.supportCheckDone")}
              </CheckboxField>
              <ReasonField page={page} name="resync_reason" errors={errors} value={values.resync_reason} />
              <button type="submit" class="primary">{t("operator.yubikey.resync")}</button>
            </form>
          </>
        )}
      </section>

      <section class="panel">
        <h2>{t("operator.autoLock.title")}</h2>
        <p class="muted">{t("operator.autoLock.explained")}</p>
        <form method="post" action={`${base}/auto-lock-extension`} class="stack">
          <CsrfField token={page.csrfToken} />
          <div class={errors.extend_until ? "field field-invalid" : "field"}>
            <label for="extend_until">{t("operator.autoLock.until")}</label>
            <input
              id="extend_until"
              name="extend_until"
              type="date"
              value={values.extend_until}
              required
              aria-describedby="extend_until-error"
              aria-invalid={errors.extend_until ? "true" : undefined}
            />
            <FieldMessage page={page} id="extend_until-error" error={errors.extend_until} />
          </div>
          <ReasonField page={page} name="extend_reason" errors={errors} value={values.extend_reason} />
          <button type="submit" class="primary">{t("operator.autoLock.extend")}</button>
        </form>
      </section>
    </Layout>
  );
}
