import { Layout } from "./layout.tsx";
import type { PageContext } from "./page-context.ts";
import { CsrfField } from "./components/form.tsx";
import type { Role } from "../lib/permissions.ts";

/** Choosing which practice to work in, for a person who belongs to several (or to none now). */
export function PracticesPage(props: {
  page: PageContext;
  memberships: { practiceId: string; practiceName: string; role: Role }[];
}) {
  const { page } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("practices.title")}>
      <h1>{t("practices.title")}</h1>
      {props.memberships.length === 0 ? <p>{t("practices.none")}</p> : (
        <>
          <p>{t("practices.intro")}</p>
          <ul class="choice-list">
            {props.memberships.map((membership) => (
              <li key={membership.practiceId} class="panel">
                <form method="post" action={`/practices/${membership.practiceId}/choose`} class="inline-form">
                  <CsrfField token={page.csrfToken} />
                  <strong>{membership.practiceName}</strong>
                  <span class="muted">{t(`role.${membership.role}`)}</span>
                  <button type="submit" class="primary">{t("practices.choose")}</button>
                </form>
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}
