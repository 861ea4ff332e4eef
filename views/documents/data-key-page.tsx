// The practice's data key versions, the progress of a rotation under way (polled until it
// ends), and the owner's button to start one.
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page-context.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import type { RotationProgress } from "../../db/key-rotation.ts";
import { CsrfField, Notice } from "../components/form.tsx";
import { moment } from "./format.ts";

export interface DataKeyVersionView {
  version: number;
  createdAt: Date;
  retiredAt: Date | null;
  current: boolean;
}

export interface DataKeyStatusProps {
  page: PageContext;
  versions: DataKeyVersionView[];
  progress: RotationProgress | null;
  /** How often this page has asked for its status already. */
  polls: number;
}

/** Status requests per page: ten minutes every three seconds, then the page waits for a reload. */
export const MAX_STATUS_POLLS = 200;

/**
 * Versions and progress; while a rotation runs it asks for itself again every few seconds, for
 * ten minutes at most (every request keeps the session alive, an unattended page should not).
 */
export function DataKeyStatus(props: DataKeyStatusProps) {
  const { page, progress } = props;
  const t = page.t;
  const polling = progress && props.polls < MAX_STATUS_POLLS
    ? {
      "hx-get": `/practice/data-key/status?polls=${props.polls + 1}`,
      "hx-trigger": "every 3s",
      "hx-swap": "outerHTML",
    }
    : {};
  return (
    <div id="data-key-status" {...polling}>
      {progress && (
        <p class="notice" role="status">
          {t("dataKey.progress", {
            version: progress.version,
            documents: t("dataKey.progressDocuments", { count: progress.remaining.documentChunks }),
            notes: t("dataKey.progressNotes", { count: progress.remaining.notes }),
          })}
          {props.polls >= MAX_STATUS_POLLS && (
            <>
              {" "}
              <a href="/practice/data-key">{t("dataKey.refresh")}</a>
            </>
          )}
        </p>
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
            <tr>
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
      {!progress && (
        <form method="post" action="/practice/data-key/rotate" class="stack panel">
          <CsrfField token={page.csrfToken} />
          <p class="field-hint">{t("dataKey.rotateHint")}</p>
          <button type="submit" class="primary">{t("dataKey.rotate")}</button>
        </form>
      )}
    </div>
  );
}

export function DataKeyPage(props: { status: DataKeyStatusProps; notice?: MessageKey }) {
  const { page } = props.status;
  const t = page.t;
  return (
    <Layout page={page} title={t("dataKey.title")}>
      <h1>{t("dataKey.title")}</h1>
      <p>{t("dataKey.intro")}</p>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <DataKeyStatus {...props.status} />
    </Layout>
  );
}
