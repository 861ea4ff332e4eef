import { Layout } from "./layout.tsx";
import type { FieldErrors, PageContext } from "./page-context.ts";
import { CsrfField, ErrorSummary, TextField } from "./components/form.tsx";
import { WebauthnSignIn } from "./components/webauthn.tsx";
import type { FactorKind } from "../db/schema.ts";

/** The second step of signing in, and the same check again before a sensitive action (step-up). */
export function SecondFactorPage(props: {
  page: PageContext;
  mode: "sign_in" | "step_up";
  kinds: FactorKind[];
  returnTo: string;
  errors: FieldErrors;
}) {
  const { page, errors } = props;
  const t = page.t;
  const stepUp = props.mode === "step_up";
  const hasCodeFactor = props.kinds.some((kind) => kind !== "webauthn");
  return (
    <Layout page={page} title={t(stepUp ? "secondFactor.stepUpTitle" : "secondFactor.title")}>
      <h1>{t(stepUp ? "secondFactor.stepUpTitle" : "secondFactor.title")}</h1>
      <p>{t(stepUp ? "secondFactor.stepUpIntro" : "secondFactor.intro")}</p>
      {props.kinds.includes("webauthn") && (
        <>
          <WebauthnSignIn page={page} returnTo={props.returnTo} />
          <p class="muted">{t("secondFactor.or")}</p>
        </>
      )}
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action={stepUp ? "/step-up" : "/sign-in/second-factor"} class="stack" novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="return_to" value={props.returnTo} />
        <TextField
          page={page}
          name="code"
          label={t("secondFactor.code")}
          hint={hasCodeFactor ? t("secondFactor.codeHint") : t("secondFactor.lost")}
          error={errors.code}
          autocomplete="one-time-code"
          maxLength={64}
        />
        <button type="submit" class="primary">{t("secondFactor.submit")}</button>
      </form>
    </Layout>
  );
}
