// The header's link to /notices, for people things may wait for (approvers). The count comes
// by htmx, on every page load and each minute; without JavaScript the link alone leads there.
import type { PageContext } from "../page-context.ts";

export function NoticesLink(props: { page: PageContext }) {
  const { page } = props;
  if (!page.notices) return null;
  return (
    <a href="/notices" class="notices-link">
      {page.t("notices.link")}
      <span class="notices-badge" hx-get="/notices/badge" hx-trigger="load, every 60s" hx-swap="innerHTML"></span>
    </a>
  );
}

/** The badge's content: the count and, for screen readers, what it counts; nothing when nothing waits. */
export function NoticesBadge(props: { page: PageContext; count: number }) {
  if (props.count === 0) return null;
  return (
    <span class="badge">
      <span aria-hidden="true">{props.count}</span>
      <span class="visually-hidden">{props.page.t("notices.waiting", { count: props.count })}</span>
    </span>
  );
}
