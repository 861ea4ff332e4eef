// What waits for an approver, counted, on the home page; each line leads to where it is decided.
import type { PageContext } from "../page-context.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import type { NoticeCounts } from "../../db/notices.ts";

/** `expiringDays`: how far ahead ending third-party access is counted. */
export function NeedsYou(props: { page: PageContext; counts: NoticeCounts; expiringDays: number }) {
  const t = props.page.t;
  const c = props.counts;
  const lines: Array<[number, MessageKey, string]> = [
    [c.browsers, "notices.countBrowsers", "/practice/browsers"],
    [c.approvals, "notices.countApprovals", "/practice/approvals"],
    [c.lossReports, "notices.countLossReports", "/notices"],
    [c.expiringAccess, "notices.countExpiring", "/notices"],
  ];
  const waiting = lines.filter(([count]) => count > 0);
  if (waiting.length === 0) return null;
  return (
    <section class="panel needs-you" aria-labelledby="today-needs-you">
      <h2 id="today-needs-you">{t("today.needsYou")}</h2>
      <ul>
        {waiting.map(([count, key, href]) => (
          <li>
            <a href={href}>{t(key, { count, days: props.expiringDays })}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
