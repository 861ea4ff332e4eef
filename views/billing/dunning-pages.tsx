// Dunning pages: what is due now (a plain form with a checkbox per invoice), past runs, one
// run's letters, and the practice's levels.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, FieldMessage, Notice, TextField } from "../components/form.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { formatEuro } from "../../lib/money.ts";
import { LEVEL_TITLES } from "../../lib/dunning-letter.ts";
import type { DunningLevel } from "../../lib/dunning.ts";

function day(isoDay: string, lang: "de" | "en"): string {
  const [y, m, d] = isoDay.split("-");
  return lang === "de" ? `${d}.${m}.${y}` : isoDay;
}

export interface ProposalRow {
  invoiceId: string;
  number: string;
  recipientName: string;
  dueDate: string;
  daysOverdue: number;
  openCents: number;
  level: DunningLevel;
  feeCents: number;
}

export interface DunningPageProps {
  page: PageContext;
  proposals: ProposalRow[];
  runs: { id: string; runOn: string; letters: number }[];
  errors: FieldErrors;
  notice?: MessageKey;
}

export function DunningPage(props: DunningPageProps) {
  const { page } = props;
  const t = page.t;
  const money = (cents: number) => formatEuro(cents, page.lang);
  return (
    <Layout page={page} title={t("dunning.title")}>
      <h1>{t("dunning.title")}</h1>
      <p>{t("dunning.intro")}</p>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <ErrorSummary page={page} errors={props.errors} />
      <section class="panel" aria-labelledby="due-heading">
        <h2 id="due-heading">{t("dunning.nextLevel")}</h2>
        <FieldMessage page={page} id="invoice_ids-error" error={props.errors.invoice_ids} />
        {props.proposals.length === 0
          ? <p>{t("dunning.none")}</p>
          : (
            <form method="post" action="/billing/dunning/run" class="stack">
              <CsrfField token={page.csrfToken} />
              <table class="report-table">
                <thead>
                  <tr>
                    <th scope="col">{t("dunning.select")}</th>
                    <th scope="col">{t("dunning.invoice")}</th>
                    <th scope="col">{t("dunning.recipient")}</th>
                    <th scope="col">{t("dunning.dueDate")}</th>
                    <th scope="col" class="number">{t("dunning.daysOverdue")}</th>
                    <th scope="col" class="number">{t("dunning.open")}</th>
                    <th scope="col">{t("dunning.nextLevel")}</th>
                    <th scope="col" class="number">{t("dunning.fee")}</th>
                  </tr>
                </thead>
                <tbody>
                  {props.proposals.map((row) => (
                    <tr key={row.invoiceId}>
                      <td>
                        <input
                          type="checkbox"
                          name="invoice_ids"
                          value={row.invoiceId}
                          checked
                          id={`dun-${row.invoiceId}`}
                          aria-label={`${t("dunning.select")}: ${row.number}`}
                        />
                      </td>
                      <td>{row.number}</td>
                      <td>{row.recipientName}</td>
                      <td>{day(row.dueDate, page.lang)}</td>
                      <td class="number">{row.daysOverdue}</td>
                      <td class="number">{money(row.openCents)}</td>
                      <td>{t(LEVEL_TITLES[row.level])}</td>
                      <td class="number">{money(row.feeCents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {page.can("billing.write") && <button type="submit" class="primary">{t("dunning.run")}</button>}
            </form>
          )}
      </section>
      <section class="panel" aria-labelledby="runs-heading">
        <h2 id="runs-heading">{t("dunning.runs")}</h2>
        {props.runs.length === 0 ? <p>{t("dunning.noRuns")}</p> : (
          <ul>
            {props.runs.map((run) => (
              <li key={run.id}>
                <a href={`/billing/dunning/runs/${run.id}`}>
                  {t("dunning.runOn", { date: day(run.runOn, page.lang) })}
                </a>
                {` (${t("dunning.runLetters", { count: run.letters })})`}
              </li>
            ))}
          </ul>
        )}
      </section>
      {page.can("billing.write") && (
        <p>
          <a href="/billing/dunning/settings">{t("dunning.settings")}</a>
        </p>
      )}
    </Layout>
  );
}

export interface DunningRunPageProps {
  page: PageContext;
  runOn: string;
  letters: {
    id: string;
    number: string;
    recipientName: string;
    level: DunningLevel;
    openCents: number;
    feeCents: number;
    dueOn: string;
  }[];
  done: boolean;
}

export function DunningRunPage(props: DunningRunPageProps) {
  const { page } = props;
  const t = page.t;
  const money = (cents: number) => formatEuro(cents, page.lang);
  const title = t("dunning.runOn", { date: day(props.runOn, page.lang) });
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      {props.done && <Notice>{t("dunning.runDone")}</Notice>}
      <table class="report-table">
        <thead>
          <tr>
            <th scope="col">{t("dunning.invoice")}</th>
            <th scope="col">{t("dunning.recipient")}</th>
            <th scope="col">{t("dunning.letter")}</th>
            <th scope="col" class="number">{t("dunning.open")}</th>
            <th scope="col" class="number">{t("dunning.fee")}</th>
            <th scope="col">{t("dunning.letter")}</th>
          </tr>
        </thead>
        <tbody>
          {props.letters.map((letter) => (
            <tr key={letter.id}>
              <td>{letter.number}</td>
              <td>{letter.recipientName}</td>
              <td>{t(LEVEL_TITLES[letter.level])}</td>
              <td class="number">{money(letter.openCents)}</td>
              <td class="number">{money(letter.feeCents)}</td>
              <td>
                <a href={`/billing/dunning/letters/${letter.id}`} hx-boost="false">
                  {`${t("dunning.download")}: ${t(LEVEL_TITLES[letter.level])} ${letter.number}`}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href="/billing/dunning">{t("dunning.back")}</a>
      </p>
    </Layout>
  );
}

export interface DunningSettingsPageProps {
  page: PageContext;
  values: Record<string, string>;
  errors: FieldErrors;
}

export function DunningSettingsPage(props: DunningSettingsPageProps) {
  const { page, values, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("dunning.settings")}>
      <h1>{t("dunning.settings")}</h1>
      <p>{t("dunning.settingsIntro")}</p>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action="/billing/dunning/settings" class="stack">
        <CsrfField token={page.csrfToken} />
        {([1, 2, 3] as const).map((level) => (
          <fieldset key={level}>
            <legend>{t(LEVEL_TITLES[level])}</legend>
            <TextField
              page={page}
              name={`days_${level}`}
              label={t("dunning.daysOverdueLabel")}
              value={values[`days_${level}`]}
              error={errors[`days_${level}`]}
              inputmode="numeric"
              maxLength={3}
            />
            <TextField
              page={page}
              name={`fee_${level}`}
              label={t("dunning.feeLabel")}
              value={values[`fee_${level}`]}
              error={errors[`fee_${level}`]}
              maxLength={8}
            />
            <div class={errors[`text_${level}`] ? "field field-invalid" : "field"}>
              <label for={`text_${level}`}>{t("dunning.textLabel")}</label>
              <textarea
                id={`text_${level}`}
                name={`text_${level}`}
                rows={5}
                maxlength={2000}
                required
                aria-describedby={`text_${level}-error`}
              >
                {values[`text_${level}`]}
              </textarea>
              <FieldMessage page={page} id={`text_${level}-error`} error={errors[`text_${level}`]} />
            </div>
          </fieldset>
        ))}
        <button type="submit" class="primary">{t("dunning.save")}</button>
      </form>
      <p>
        <a href="/billing/dunning">{t("dunning.back")}</a>
      </p>
    </Layout>
  );
}
