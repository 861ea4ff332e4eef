// What waits for the person, grouped: each item links to where it is decided.
import type { PageContext } from "../page-context.ts";
import type { NoticeList } from "../../db/notices.ts";
import { fourEyesActionLabel } from "../practice/approvals-page.tsx";
import { moment } from "../practice/format.ts";
import { formatDay } from "../../lib/berlin-time.ts";

export function noticeCount(list: NoticeList): number {
  return list.browsers.length + list.approvals.length + list.lossReports.length + list.expiringAccess.length;
}

function Group(props: { heading: string; level: "h2" | "h3"; items: { href: string; text: string }[] }) {
  if (props.items.length === 0) return null;
  const Heading = props.level;
  return (
    <>
      <Heading>{props.heading}</Heading>
      <ul class="notice-items">
        {props.items.map((item) => (
          <li>
            <a href={item.href}>{item.text}</a>
          </li>
        ))}
      </ul>
    </>
  );
}

export function NoticeItems(props: { page: PageContext; list: NoticeList; level: "h2" | "h3" }) {
  const { page, list, level } = props;
  const t = page.t;
  return (
    <>
      <Group
        heading={t("notices.browsers")}
        level={level}
        items={list.browsers.map((b) => ({
          href: `/practice/browsers/${b.id}`,
          text: t("notices.browser", {
            name: b.memberName,
            description: b.description,
            date: moment(page.lang, b.firstSeenAt),
          }),
        }))}
      />
      <Group
        heading={t("notices.approvals")}
        level={level}
        items={list.approvals.map((a) => ({
          href: "/practice/approvals",
          text: t("notices.approval", {
            action: fourEyesActionLabel(page, a.action),
            name: a.requestedByName,
            date: moment(page.lang, a.requestedAt),
          }),
        }))}
      />
      <Group
        heading={t("notices.lossReports")}
        level={level}
        items={list.lossReports.map((m) => ({
          href: `/team/members/${m.membershipId}`,
          text: t("notices.lossReport", { name: m.memberName }),
        }))}
      />
      <Group
        heading={t("notices.expiring")}
        level={level}
        items={list.expiringAccess.map((m) => ({
          href: `/team/members/${m.membershipId}`,
          text: t("notices.expiringItem", { name: m.memberName, date: formatDay(m.endsOn, page.lang) }),
        }))}
      />
    </>
  );
}
