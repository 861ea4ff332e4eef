// The reason every change in the console needs, and the step-up note shown beside the forms.
import { TextField } from "../components/form.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";

export function ReasonField(props: { page: PageContext; name: string; errors: FieldErrors; value?: string }) {
  return (
    <TextField
      page={props.page}
      name={props.name}
      label={props.page.t("operator.reason")}
      hint={props.page.t("operator.reasonHint")}
      value={props.value}
      error={props.errors[props.name]}
      maxLength={500}
    />
  );
}

export function ConsoleNav(props: { page: PageContext }) {
  const t = props.page.t;
  return (
    <nav class="operator-nav" aria-label={t("operator.title")}>
      <a href="/operator">{t("operator.practices")}</a>
      {" · "}
      <a href="/operator/events">{t("operator.events.title")}</a>
      {" · "}
      <a href="/operator/terms">{t("operator.terms.title")}</a>
      {" · "}
      <a href="/operator/backups">{t("backups.title")}</a>
    </nav>
  );
}
