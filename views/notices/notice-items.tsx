// What waits for the person, grouped: each item links to where it is decided.
import type { PageContext } from "../page-context.ts";
import type { NoticeList } from "../../db/notices.ts";
import { fourEyesActionLabel } from "../practice/approvals-page.tsx";
import { moment } from "../practice/format.ts";
import { formatDay } from "../../lib/berlin-time.ts";

export function noticeCount(list: NoticeList): number {
  return list.browsers.length + list.approvals.length + list.lossReports.length + list.expiringAccess.length;
}

export function NoticeItems(props: { page: PageContext; list: NoticeList; level: "h2" | "h3" }) {
  const { page, list } = props;
  const t = page.t;
  const Heading = props.level;
  return (
    <>
      {list.browsers.length > 0 && (
        <>
          <Heading>{t("notices.browsers")}</Heading>
          <ul class="notice-items">
            {list.browsers.map((b) => (
              <li>
                <a href={`/practice/browsers/${b.id}`}>
                  {t("notices.browser", {
                    name: b.memberName,
                    description: b.description,
                    date: moment(page.lang, b.firstSeenAt),
                  })}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {list.approvals.length > 0 && (
        <>
          <Heading>{t("notices.approvals")}</Heading>
          <ul class="notice-items">
            {list.approvals.map((a) => (
              <li>
                <a href="/practice/approvals">
                  {t("notices.approval", {
                    action: fourEyesActionLabel(page, a.action),
                    name: a.requestedByName,
                    date: moment(page.lang, a.requestedAt),
                  })}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {list.lossReports.length > 0 && (
        <>
          <Heading>{t("notices.lossReports")}</Heading>
          <ul class="notice-items">
            {list.lossReports.map((m) => (
              <li>
                <a href={`/team/members/${m.membershipId}`}>{t("notices.lossReport", { name: m.memberName })}</a>
              </li>
            ))}
          </ul>
        </>
      )}
      {list.expiringAccess.length > 0 && (
        <>
          <Heading>{t("notices.expiring")}</Heading>
          <ul class="notice-items">
            {list.expiringAccess.map((m) => (
              <li>
                <a href={`/team/members/${m.membershipId}`}>
                  {t("notices.expiringItem", { name: m.memberName, date: formatDay(m.endsOn, page.lang) })}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
