// Choosing a password: the field with the policy hint and its confirmation, as every form that
// sets a password shows them.
import type { FieldErrors, PageContext } from "../page-context.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { TextField } from "./form.tsx";

export function NewPasswordFields(props: {
  page: PageContext;
  errors: FieldErrors;
  label?: MessageKey;
  confirmationLabel?: MessageKey;
}) {
  const t = props.page.t;
  return (
    <>
      <TextField
        page={props.page}
        name="password"
        type="password"
        label={t(props.label ?? "password.new")}
        hint={t("password.hint")}
        error={props.errors.password}
        autocomplete="new-password"
        maxLength={256}
      />
      <TextField
        page={props.page}
        name="password_confirmation"
        type="password"
        label={t(props.confirmationLabel ?? "password.confirmNew")}
        error={props.errors.password_confirmation}
        autocomplete="new-password"
        maxLength={256}
      />
    </>
  );
}
