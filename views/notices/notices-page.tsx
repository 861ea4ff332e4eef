import { Layout } from "../layout.tsx";
import type { PageContext } from "../page-context.ts";
import type { NoticeList } from "../../db/notices.ts";
import { noticeCount, NoticeItems } from "./notice-items.tsx";

/** /notices: everything that waits for the person's decision, or that nothing does. */
export function NoticesPage(props: { page: PageContext; list: NoticeList }) {
  const t = props.page.t;
  return (
    <Layout page={props.page} title={t("notices.title")}>
      <h1>{t("notices.title")}</h1>
      {noticeCount(props.list) === 0 ? <p class="muted">{t("notices.none")}</p> : (
        <section class="panel">
          <NoticeItems page={props.page} list={props.list} level="h2" />
        </section>
      )}
    </Layout>
  );
}
