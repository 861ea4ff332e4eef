import { Layout } from "./layout.tsx";
import type { PageContext } from "./page-context.ts";

export function HomePage(props: { page: PageContext; name: string; practiceName: string | null }) {
  const t = props.page.t;
  return (
    <Layout page={props.page} title={t("home.title")}>
      <h1>{t("home.welcome", { name: props.name })}</h1>
      {props.practiceName && <p class="muted">{t("home.practice", { practice: props.practiceName })}</p>}
      <section class="panel">
        <h2>{t("home.emptyTitle")}</h2>
        <p>{t("home.emptyBody")}</p>
        <h3>{t("home.nextSteps")}</h3>
        <ol>
          <li>{t("home.nextSecondFactor")}</li>
          <li>{t("home.nextTeam")}</li>
          <li>{t("home.nextRecords")}</li>
        </ol>
      </section>
    </Layout>
  );
}
