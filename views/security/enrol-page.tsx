import { Layout } from "../layout.tsx";
import type { PageContext } from "../page-context.ts";
import { WebauthnRegistration } from "../components/webauthn.tsx";

/** Choosing a second factor: forced before first use, and reached from the security page. */
export function EnrolPage(props: { page: PageContext; forced: boolean }) {
  const { page } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t(props.forced ? "enrol.title" : "security.addFactor")}>
      <h1>{t(props.forced ? "enrol.title" : "security.addFactor")}</h1>
      {props.forced && <p>{t("enrol.intro")}</p>}
      <section class="panel">
        <h2>{t("enrol.webauthnTitle")}</h2>
        <p>{t("enrol.webauthnBody")}</p>
        <WebauthnRegistration page={page} />
      </section>
      <section class="panel">
        <h2>{t("enrol.totpTitle")}</h2>
        <p>{t("enrol.totpBody")}</p>
        <p>
          <a class="button" href="/security/totp/new">{t("security.addTotp")}</a>
        </p>
      </section>
      <section class="panel">
        <h2>{t("enrol.yubikeyTitle")}</h2>
        <p>{t("enrol.yubikeyBody")}</p>
        <p>
          <a class="button" href="/security/yubikey/new">{t("security.addYubikey")}</a>
        </p>
      </section>
    </Layout>
  );
}
