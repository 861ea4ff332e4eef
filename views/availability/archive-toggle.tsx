// The small form beside a room or an appointment type that archives it, or restores it.
import { CsrfField } from "../components/form.tsx";
import type { PageContext } from "../page-context.ts";

/** `action` is the thing's own path; the form posts to its /archive or /restore. */
export function ArchiveToggle(props: { page: PageContext; action: string; archived: boolean }) {
  const { page, archived } = props;
  return (
    <form method="post" action={`${props.action}/${archived ? "restore" : "archive"}`} class="inline-form">
      <CsrfField token={page.csrfToken} />
      <button type="submit" class="link-button">
        {archived ? page.t("availability.restore") : page.t("availability.archive")}
      </button>
    </form>
  );
}
