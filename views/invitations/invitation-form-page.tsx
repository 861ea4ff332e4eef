import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, FieldMessage, TextField } from "../components/form.tsx";
import { GRANTABLE_AREAS, ROLES } from "../../lib/permissions.ts";
import { LANGUAGES } from "../../lib/i18n/mod.ts";

export interface InvitationFormValues {
  name?: string;
  email?: string;
  role?: string;
  language?: string;
  scope?: string;
  locations?: string[];
  ends_on?: string;
  areas?: string[];
}

/** The owner adds a member: who, in which role, where, and for a third party until when and for what. */
export function InvitationFormPage(props: {
  page: PageContext;
  locations: { id: string; name: string }[];
  values: InvitationFormValues;
  errors: FieldErrors;
}) {
  const { page, values, errors } = props;
  const t = page.t;
  const limited = values.scope === "some";
  return (
    <Layout page={page} title={t("invitations.new")}>
      <h1>{t("invitations.new")}</h1>
      <p>{t("invitations.form.intro")}</p>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action="/team/invitations" class="stack" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField
          page={page}
          name="name"
          label={t("invitations.form.name")}
          value={values.name}
          error={errors.name}
          autocomplete="off"
          maxLength={200}
        />
        <TextField
          page={page}
          name="email"
          type="email"
          label={t("invitations.form.email")}
          value={values.email}
          error={errors.email}
          autocomplete="off"
          inputmode="email"
          maxLength={254}
        />
        <div class={errors.role ? "field field-invalid" : "field"}>
          <label for="role">{t("invitations.form.role")}</label>
          <select id="role" name="role" required aria-describedby="role-error">
            <option value="">{t("invitations.form.chooseRole")}</option>
            {ROLES.map((role) => (
              <option key={role} value={role} selected={values.role === role}>{t(`role.${role}`)}</option>
            ))}
          </select>
          <FieldMessage page={page} id="role-error" error={errors.role} />
        </div>
        <fieldset class={errors.language ? "field field-invalid" : "field"} aria-describedby="language-error">
          <legend>{t("invitations.form.language")}</legend>
          {LANGUAGES.map((lang) => (
            <label key={lang} class="checkbox">
              <input
                type="radio"
                name="language"
                value={lang}
                checked={(values.language ?? page.lang) === lang}
              />
              <span>{t(`language.${lang}`)}</span>
            </label>
          ))}
          <FieldMessage page={page} id="language-error" error={errors.language} />
        </fieldset>
        <fieldset class={errors.locations ? "field field-invalid" : "field"} aria-describedby="locations-error">
          <legend>{t("invitations.form.locations")}</legend>
          <label class="checkbox">
            <input type="radio" name="scope" value="all" checked={!limited} />
            <span>{t("invitations.form.allLocations")}</span>
          </label>
          <label class="checkbox">
            <input type="radio" name="scope" value="some" checked={limited} />
            <span>{t("invitations.form.someLocations")}</span>
          </label>
          {props.locations.map((location) => (
            <label key={location.id} class="checkbox">
              <input
                type="checkbox"
                name="locations"
                value={location.id}
                checked={values.locations?.includes(location.id)}
              />
              <span>{location.name}</span>
            </label>
          ))}
          <FieldMessage page={page} id="locations-error" error={errors.locations} />
        </fieldset>
        <div class={errors.ends_on ? "field field-invalid" : "field"}>
          <label for="ends_on">{t("invitations.form.endsOn")}</label>
          <p class="field-hint" id="ends_on-hint">{t("invitations.form.endsOnHint")}</p>
          <input
            id="ends_on"
            name="ends_on"
            type="date"
            value={values.ends_on}
            aria-invalid={errors.ends_on ? "true" : undefined}
            aria-describedby="ends_on-hint ends_on-error"
          />
          <FieldMessage page={page} id="ends_on-error" error={errors.ends_on} />
        </div>
        <fieldset class={errors.areas ? "field field-invalid" : "field"} aria-describedby="areas-error">
          <legend>{t("invitations.form.areas")}</legend>
          {GRANTABLE_AREAS.map((area) => (
            <label key={area} class="checkbox">
              <input type="checkbox" name="areas" value={area} checked={values.areas?.includes(area)} />
              <span>{t(`area.${area}`)}</span>
            </label>
          ))}
          <FieldMessage page={page} id="areas-error" error={errors.areas} />
        </fieldset>
        <button type="submit" class="primary">{t("invitations.form.submit")}</button>
      </form>
    </Layout>
  );
}
