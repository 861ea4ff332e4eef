import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CheckboxField, CsrfField, ErrorSummary, TextField } from "../components/form.tsx";
import { NewPasswordFields } from "../components/password-fields.tsx";
import type { Role } from "../../lib/permissions.ts";
import { CURRENT_TERMS } from "../../lib/terms.ts";

export interface InvitationView {
  practiceName: string;
  inviterName: string;
  role: Role;
  name: string;
  email: string;
  hasAccount: boolean;
}

/**
 * Where the invited person arrives by the link: the activation code from the letter and, for a
 * new person, their name, password and the terms; a person with an account enters only the code.
 */
export function InvitationAcceptPage(props: {
  page: PageContext;
  path: string;
  invitation: InvitationView;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { page, invitation, values, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("invitation.title", { practice: invitation.practiceName })}>
      <h1>{t("invitation.title", { practice: invitation.practiceName })}</h1>
      <p>
        {t("invitation.intro", {
          inviter: invitation.inviterName,
          practice: invitation.practiceName,
          role: t(`role.${invitation.role}`),
        })}
      </p>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action={props.path} class="stack" novalidate>
        <CsrfField token={page.csrfToken} />
        <p>{t("invitation.codeIntro")}</p>
        <TextField
          page={page}
          name="code"
          label={t("invitation.code")}
          value={values.code}
          error={errors.code}
          autocomplete="off"
          hint={t("invitation.codeHint")}
          maxLength={40}
        />
        {invitation.hasAccount ? <p>{t("invitation.existingAccountIntro", { email: invitation.email })}</p> : (
          <>
            <p>{t("invitation.newPersonIntro")}</p>
            <p class="muted">{t("invitation.email", { email: invitation.email })}</p>
            <TextField
              page={page}
              name="name"
              label={t("invitation.name")}
              value={values.name ?? invitation.name}
              error={errors.name}
              autocomplete="name"
              maxLength={200}
            />
            <NewPasswordFields
              page={page}
              errors={errors}
              label="invitation.password"
              confirmationLabel="invitation.passwordConfirmation"
            />
            <CheckboxField
              page={page}
              name="accept_terms"
              checked={values.accept_terms === "yes"}
              error={errors.accept_terms}
            >
              {t("invitation.acceptTerms", { version: CURRENT_TERMS.version })}{" "}
              <a href="/terms" target="_blank" rel="noopener">{t("invitation.readTerms")}</a>
            </CheckboxField>
          </>
        )}
        <button type="submit" class="primary">{t("invitation.submit")}</button>
      </form>
    </Layout>
  );
}

/** An invitation that cannot be used (any more), said plainly. */
export function InvitationClosedPage(props: {
  page: PageContext;
  reason: "unknown" | "expired" | "withdrawn" | "accepted" | "void";
}) {
  const t = props.page.t;
  return (
    <Layout page={props.page} title={t("invitation.closedTitle")}>
      <h1>{t("invitation.closedTitle")}</h1>
      <p>{t(`invitation.closed.${props.reason}`)}</p>
      {props.reason === "accepted" && (
        <p>
          <a href="/sign-in">{t("nav.signIn")}</a>
        </p>
      )}
    </Layout>
  );
}

/** A person who had an account joined the practice; they sign in as they always do. */
export function InvitationJoinedPage(props: { page: PageContext; practiceName: string }) {
  const t = props.page.t;
  return (
    <Layout page={props.page} title={t("invitation.joinedTitle")}>
      <h1>{t("invitation.joinedTitle")}</h1>
      <p>{t("invitation.joined", { practice: props.practiceName })}</p>
      <p>
        <a href="/sign-in">{t("nav.signIn")}</a>
      </p>
    </Layout>
  );
}
