// /protocol: the practice's audit log, filtered and paginated, with the chain check.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, FieldMessage } from "../components/form.tsx";
import { TableRegion } from "../components/table-region.tsx";
import type { ProtocolEvent, ProtocolPage as Events } from "../../db/protocol.ts";
import type { ChainVerdict } from "../../db/audit.ts";
import { atMinute } from "../operator/time.ts";

export interface ProtocolPageProps {
  page: PageContext;
  /** The filter as typed (query parameters), shown again. */
  values: Record<string, string>;
  errors: FieldErrors;
  /** The export form as typed, and its messages when it was refused. */
  exportValues?: Record<string, string>;
  exportErrors?: FieldErrors;
  /** Null when the filter was refused. */
  events: Events | null;
  verdict?: ChainVerdict;
}

function Verdict(props: { page: PageContext; verdict: ChainVerdict }) {
  const { t } = props.page;
  const v = props.verdict;
  const text = v.intact
    ? v.events === 0 ? t("protocol.verify.empty") : t("protocol.verify.intact", { events: v.events })
    : t("protocol.verify.broken", {
      sequence: v.brokenAtSequence,
      events: v.events,
      reason: t(`protocol.reason.${v.reason}`),
    });
  return <p class={v.intact ? "notice protocol-intact" : "error-summary protocol-broken"} role="status">{text}</p>;
}

function Choice(
  props: {
    page: PageContext;
    name: string;
    label: string;
    value?: string;
    options: [string, string][];
    errors: FieldErrors;
    /** No "all" choice: one of the options must be taken. */
    required?: boolean;
  },
) {
  const errorId = `${props.name}-error`;
  return (
    <div class={props.errors[props.name] ? "field field-invalid" : "field"}>
      <label for={props.name}>{props.label}</label>
      <select id={props.name} name={props.name} aria-describedby={errorId} required={props.required}>
        {!props.required && <option value="">{props.page.t("protocol.filter.any")}</option>}
        {props.options.map(([value, label]) => (
          <option key={value} value={value} selected={value === props.value}>{label}</option>
        ))}
      </select>
      <FieldMessage page={props.page} id={errorId} error={props.errors[props.name]} />
    </div>
  );
}

function Input(
  props: {
    page: PageContext;
    name: string;
    label: string;
    type: string;
    values: Record<string, string>;
    errors: FieldErrors;
    /** When two forms of the page have a field of the same name. */
    id?: string;
  },
) {
  const id = props.id ?? props.name;
  const errorId = `${id}-error`;
  const error = props.errors[props.name];
  return (
    <div class={error ? "field field-invalid" : "field"}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type}
        value={props.values[props.name] ?? ""}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={errorId}
      />
      <FieldMessage page={props.page} id={errorId} error={error} />
    </div>
  );
}

function Row(props: { page: PageContext; event: ProtocolEvent }) {
  const { t } = props.page;
  const e = props.event;
  return (
    <tr>
      <td>{e.sequence ?? t("protocol.unsealed")}</td>
      <td>{atMinute(e.occurredAt)}</td>
      <td>{e.actorName ?? t("protocol.system")}</td>
      <td>
        <code>{e.action}</code>
      </td>
      <td>{e.subjectType ? `${e.subjectType} ${e.subjectId ?? ""}` : "–"}</td>
      <td>{e.network ?? t("protocol.whereNotStored")}</td>
      <td>{e.reason ?? "–"}</td>
    </tr>
  );
}

export function ProtocolPage(props: ProtocolPageProps) {
  const { page, values, errors, events } = props;
  const exportValues = props.exportValues ?? {}, exportErrors = props.exportErrors ?? {};
  const t = page.t;
  const filterQuery = new URLSearchParams(
    Object.entries(values).filter(([name, value]) => name !== "before" && value !== ""),
  );
  const olderHref = (before: string) => {
    const query = new URLSearchParams(filterQuery);
    query.set("before", before);
    return `/protocol?${query}`;
  };
  return (
    <Layout page={page} title={t("protocol.title")}>
      <h1>{t("protocol.title")}</h1>
      <p class="muted">{t("protocol.lead")}</p>
      <section class="panel protocol-verify" aria-labelledby="verify-heading">
        <h2 id="verify-heading">{t("protocol.verify")}</h2>
        <p>{t("protocol.verify.lead")}</p>
        {props.verdict && <Verdict page={page} verdict={props.verdict} />}
        <form method="post" action="/protocol/verify">
          <CsrfField token={page.csrfToken} />
          <button type="submit">{t("protocol.verify")}</button>
        </form>
      </section>
      <section class="panel" aria-labelledby="filter-heading">
        <h2 id="filter-heading">{t("protocol.filter")}</h2>
        <ErrorSummary page={page} errors={errors} />
        <form method="get" action="/protocol" class="protocol-filter">
          <Choice
            page={page}
            name="person"
            label={t("protocol.filter.person")}
            value={values.person}
            options={(events?.people ?? []).map((p) => [p.id, p.name])}
            errors={errors}
          />
          <Input
            page={page}
            name="patient"
            label={t("protocol.filter.patient")}
            type="text"
            values={values}
            errors={errors}
          />
          <Choice
            page={page}
            name="kind"
            label={t("protocol.filter.kind")}
            value={values.kind}
            options={(events?.kinds ?? []).map((k) => [k, k])}
            errors={errors}
          />
          <Input
            page={page}
            name="from"
            label={t("protocol.filter.from")}
            type="date"
            values={values}
            errors={errors}
          />
          <Input page={page} name="to" label={t("protocol.filter.to")} type="date" values={values} errors={errors} />
          <button type="submit">{t("protocol.filter.apply")}</button>
        </form>
      </section>
      <section class="panel" aria-labelledby="export-heading">
        <h2 id="export-heading">{t("protocol.export")}</h2>
        <p>{t("protocol.export.lead")}</p>
        <ErrorSummary page={page} errors={exportErrors} />
        <form method="get" action="/protocol/export" class="protocol-filter">
          <Input
            page={page}
            name="from"
            label={t("protocol.filter.from")}
            type="date"
            values={exportValues}
            errors={exportErrors}
            id="export-from"
          />
          <Input
            page={page}
            name="to"
            label={t("protocol.filter.to")}
            type="date"
            values={exportValues}
            errors={exportErrors}
            id="export-to"
          />
          <Choice
            page={page}
            name="format"
            label={t("protocol.export.format")}
            value={exportValues.format}
            options={[["csv", "CSV"], ["json", "JSON"]]}
            errors={exportErrors}
            required
          />
          <button type="submit">{t("protocol.export")}</button>
        </form>
      </section>
      {events && (
        <section class="panel" aria-labelledby="events-heading">
          <h2 id="events-heading">{t("protocol.table")}</h2>
          {events.events.length === 0
            ? <p class="muted">{t("protocol.none")}</p>
            : (
              <TableRegion label={t("protocol.table")}>
                <table class="report-table protocol-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("protocol.col.sequence")}</th>
                      <th scope="col">{t("protocol.col.when")}</th>
                      <th scope="col">{t("protocol.col.who")}</th>
                      <th scope="col">{t("protocol.col.what")}</th>
                      <th scope="col">{t("protocol.col.object")}</th>
                      <th scope="col">{t("protocol.col.where")}</th>
                      <th scope="col">{t("protocol.col.reason")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {events.events.map((event) => <Row key={event.id} page={page} event={event} />)}
                  </tbody>
                </table>
              </TableRegion>
            )}
          <nav class="protocol-pages">
            {values.before && <a href={`/protocol?${filterQuery}`}>{t("protocol.newest")}</a>}
            {events.nextBefore && <a href={olderHref(events.nextBefore)} rel="next">{t("protocol.older")}</a>}
          </nav>
        </section>
      )}
    </Layout>
  );
}
