import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField } from "../components/form.tsx";
import { ReasonField } from "./member-page.tsx";

/** The owner's re-issue action on the member page: a new invitation over both channels. */
export function ReissueForm(props: { page: PageContext; membershipId: string; errors: FieldErrors }) {
  const t = props.page.t;
  return (
    <section class="panel">
      <h2>{t("reissue.title")}</h2>
      <p>{t("reissue.hint")}</p>
      <form method="post" action={`/team/members/${props.membershipId}/reissue`} class="stack" novalidate>
        <CsrfField token={props.page.csrfToken} />
        <ReasonField page={props.page} form="reissue" error={props.errors["reissue-reason"]} />
        <button type="submit">{t("reissue.submit")}</button>
      </form>
    </section>
  );
}
