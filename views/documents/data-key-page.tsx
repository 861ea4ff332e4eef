// The practice's data key versions and the owner's button to rotate the key.
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page-context.ts";
import { CsrfField, Notice } from "../components/form.tsx";
import { moment } from "./format.ts";

export interface DataKeyVersionView {
  version: number;
  createdAt: Date;
  retiredAt: Date | null;
  current: boolean;
}

export function DataKeyPage(props: {
  page: PageContext;
  versions: DataKeyVersionView[];
  rotated?: { documents: number; notes: number };
}) {
  const { page } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("dataKey.title")}>
      <h1>{t("dataKey.title")}</h1>
      <p>{t("dataKey.intro")}</p>
      {props.rotated && (
        <Notice>{t("dataKey.rotated", { documents: props.rotated.documents, notes: props.rotated.notes })}</Notice>
      )}
      <table class="document-table">
        <thead>
          <tr>
            <th scope="col">{t("dataKey.version")}</th>
            <th scope="col">{t("dataKey.createdAt")}</th>
            <th scope="col">{t("dataKey.state")}</th>
          </tr>
        </thead>
        <tbody>
          {props.versions.map((key) => (
            <tr key={key.version}>
              <td>{key.version}</td>
              <td>{moment(page.lang, key.createdAt)}</td>
              <td>
                {key.retiredAt
                  ? t("dataKey.retired", { at: moment(page.lang, key.retiredAt) })
                  : key.current
                  ? t("dataKey.current")
                  : t("dataKey.inUse")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="post" action="/practice/data-key/rotate" class="stack panel">
        <CsrfField token={page.csrfToken} />
        <p class="field-hint">{t("dataKey.rotateHint")}</p>
        <button type="submit" class="primary">{t("dataKey.rotate")}</button>
      </form>
    </Layout>
  );
}
