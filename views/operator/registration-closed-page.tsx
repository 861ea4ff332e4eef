// What /register shows while an operator has closed public registration.
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page-context.ts";

export function RegistrationClosedPage(props: { page: PageContext }) {
  const t = props.page.t;
  return (
    <Layout page={props.page} title={t("registrationClosed.title")}>
      <h1>{t("registrationClosed.title")}</h1>
      <p id="registration-closed">{t("registrationClosed.body")}</p>
      <p>
        <a href="/sign-in">{t("nav.signIn")}</a>
      </p>
    </Layout>
  );
}
