import { Layout } from "./layout.tsx";
import type { PageContext } from "./page-context.ts";

/** A form came to this server under an address other than BASE_URL: say which one to use. */
export function WrongAddressPage(props: { page: PageContext; used: string; configured: string }) {
  const t = props.page.t;
  return (
    <Layout page={props.page} title={t("wrongAddress.title")}>
      <h1>{t("wrongAddress.title")}</h1>
      <p>{t("wrongAddress.body", { used: props.used, configured: props.configured })}</p>
      <p>
        <a href={props.configured}>{t("wrongAddress.use", { configured: props.configured })}</a>
      </p>
      <p>{t("wrongAddress.admin", { used: props.used })}</p>
    </Layout>
  );
}
