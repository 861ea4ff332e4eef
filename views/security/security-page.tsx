import { Layout } from "../layout.tsx";
import { TableRegion } from "../components/table-region.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, FieldMessage, Notice, TextField } from "../components/form.tsx";
import type { FactorKind } from "../../db/schema.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";

export interface FactorRow {
  id: string;
  kind: FactorKind;
  name: string;
  status: "pending" | "active" | "locked";
  created_at: Date;
  last_used_at: Date | null;
}

export interface SessionRow {
  id: string;
  created_at: Date;
  last_seen_at: Date;
  user_agent: string | null;
  ip: string | null;
  current: boolean;
}

export interface PracticePolicy {
  passwordMaxAgeDays: number;
  ownersNeedWebauthn: boolean;
}

const KIND_LABEL: Record<FactorKind, MessageKey> = {
  totp: "security.kind.totp",
  webauthn: "security.kind.webauthn",
  yubico_otp: "security.kind.yubico_otp",
};

function When(props: { page: PageContext; at: Date | null }) {
  if (!props.at) return <>{props.page.t("security.never")}</>;
  const text = props.at.toLocaleString(props.page.lang === "de" ? "de-DE" : "en-GB", {
    timeZone: "Europe/Berlin",
    dateStyle: "medium",
    timeStyle: "short",
  });
  return <time datetime={props.at.toISOString()}>{text}</time>;
}

/** "Firefox on Linux" rather than the whole user agent string. */
function deviceOf(userAgent: string | null): string {
  if (!userAgent) return "–";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
    ? "Firefox"
    : /Chrom(e|ium)\//.test(userAgent)
    ? "Chrome"
    : /Safari\//.test(userAgent)
    ? "Safari"
    : userAgent.split(/[\s/]/)[0];
  const system = /Windows/.test(userAgent)
    ? "Windows"
    : /Android/.test(userAgent)
    ? "Android"
    : /iPhone|iPad/.test(userAgent)
    ? "iOS"
    : /Mac OS X/.test(userAgent)
    ? "macOS"
    : /Linux/.test(userAgent)
    ? "Linux"
    : "";
  return system ? `${browser} · ${system}` : browser;
}

export function SecurityPage(props: {
  page: PageContext;
  factors: FactorRow[];
  unusedRecoveryCodes: number;
  sessions: SessionRow[];
  policy: PracticePolicy | null;
  notice?: MessageKey;
  errors: FieldErrors;
}) {
  const { page } = props;
  const t = page.t;
  const activeCount = props.factors.filter((f) => f.status === "active").length;
  return (
    <Layout page={page} title={t("security.title")}>
      <h1>{t("security.title")}</h1>
      {props.notice && <Notice>{t(props.notice)}</Notice>}

      <section class="panel">
        <h2>{t("security.factors")}</h2>
        <TableRegion label={t("security.factors")}>
          <table class="table">
            <thead>
              <tr>
                <th>{t("security.factorName")}</th>
                <th>{t("security.factorKind")}</th>
                <th>{t("security.factorLastUsed")}</th>
                <th>{t("security.factorStatus")}</th>
                <th>
                  <span class="visually-hidden">{t("table.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.factors.map((factor) => (
                <tr key={factor.id} data-factor-id={factor.id}>
                  <td>{factor.name}</td>
                  <td>{t(KIND_LABEL[factor.kind])}</td>
                  <td>
                    <When page={page} at={factor.last_used_at} />
                  </td>
                  <td>{t(factor.status === "locked" ? "security.statusLocked" : "security.statusActive")}</td>
                  <td class="actions">
                    {factor.status === "active" && (
                      <form method="post" action={`/security/factors/${factor.id}/lost`} class="inline-form">
                        <CsrfField token={page.csrfToken} />
                        <button type="submit" class="link-button">{t("security.reportLost")}</button>
                      </form>
                    )}
                    {(factor.status !== "active" || activeCount > 1) && (
                      <form method="post" action={`/security/factors/${factor.id}/remove`} class="inline-form">
                        <CsrfField token={page.csrfToken} />
                        <button type="submit" class="link-button">{t("security.remove")}</button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
        <p>
          <a href="/security/enrol">{t("security.addFactor")}</a>
        </p>
        <p>
          <a href="/security/loss-report">{t("loss.securityLink")}</a>
        </p>
      </section>

      <section class="panel">
        <h2>{t("security.recoveryCodes")}</h2>
        <p>{t("security.recoveryCodesLeft", { count: props.unusedRecoveryCodes })}</p>
        <p>
          <a href="/security/recovery-codes">{t("recovery.generate")}</a>
        </p>
      </section>

      <section class="panel">
        <h2>{t("security.password")}</h2>
        <p>
          <a href="/security/password">{t("security.changePassword")}</a>
        </p>
      </section>

      {page.can("practice.home") && (
        <section class="panel">
          <h2>{t("browsers.securityTitle")}</h2>
          <p>
            <a href="/practice/browsers">{t("browsers.securityLink")}</a>
          </p>
        </section>
      )}

      <section class="panel">
        <h2>{t("security.sessions")}</h2>
        <TableRegion label={t("security.sessions")}>
          <table class="table">
            <thead>
              <tr>
                <th>{t("security.sessionDevice")}</th>
                <th>{t("security.sessionStarted")}</th>
                <th>{t("security.sessionLastSeen")}</th>
                <th>{t("security.sessionAddress")}</th>
                <th>
                  <span class="visually-hidden">{t("table.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.sessions.map((session) => (
                <tr key={session.id}>
                  <td>{deviceOf(session.user_agent)}</td>
                  <td>
                    <When page={page} at={session.created_at} />
                  </td>
                  <td>
                    <When page={page} at={session.last_seen_at} />
                  </td>
                  <td>{session.ip ?? "–"}</td>
                  <td class="actions">
                    {session.current
                      ? t("security.sessionCurrent")
                      : (
                        <form method="post" action={`/security/sessions/${session.id}/end`} class="inline-form">
                          <CsrfField token={page.csrfToken} />
                          <button type="submit" class="link-button">{t("security.sessionEnd")}</button>
                        </form>
                      )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      </section>

      {props.policy && (
        <section class="panel">
          <h2>{t("security.policy")}</h2>
          <form method="post" action="/security/policy" class="stack" novalidate>
            <CsrfField token={page.csrfToken} />
            <TextField
              page={page}
              name="password_max_age_days"
              label={t("security.policyPasswordDays")}
              hint={t("security.policyPasswordDaysHint")}
              value={String(props.policy.passwordMaxAgeDays)}
              error={props.errors.password_max_age_days}
              inputmode="numeric"
              maxLength={4}
            />
            <label class="checkbox">
              <input
                type="checkbox"
                name="owners_need_webauthn"
                value="yes"
                checked={props.policy.ownersNeedWebauthn}
              />
              <span>{t("security.policyOwnersNeedWebauthn")}</span>
            </label>
            <FieldMessage page={page} id="owners_need_webauthn-error" error={props.errors.owners_need_webauthn} />
            <button type="submit" class="primary">{t("security.policySave")}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}
