// The fields of a YubiKey import, shared by the person's own setup and the owner's import for a
// member: a name, the key's data (the personalization tool's CSV line or the three values) and
// an OTP typed by touching the key. The secret fields never carry a value back to the browser.
import type { FieldErrors, PageContext } from "../page-context.ts";
import { TextField } from "./form.tsx";

export function YubikeyFields(props: { page: PageContext; values: Record<string, string>; errors: FieldErrors }) {
  const { page, values, errors } = props;
  const t = page.t;
  return (
    <>
      <TextField
        page={page}
        name="name"
        label={t("yubikey.name")}
        value={values.name ?? t("yubikey.defaultName")}
        error={errors.name}
        maxLength={60}
      />
      <TextField page={page} name="csv" label={t("yubikey.csv")} error={errors.csv} autocomplete="off" optional />
      <TextField
        page={page}
        name="public_id"
        label={t("yubikey.publicId")}
        value={values.public_id}
        error={errors.public_id}
        autocomplete="off"
        maxLength={12}
        optional
      />
      <TextField
        page={page}
        name="private_id"
        label={t("yubikey.privateId")}
        value={values.private_id}
        error={errors.private_id}
        autocomplete="off"
        maxLength={12}
        optional
      />
      <TextField
        page={page}
        name="aes_key"
        type="password"
        label={t("yubikey.aesKey")}
        error={errors.aes_key}
        autocomplete="off"
        maxLength={32}
        optional
      />
      <TextField page={page} name="otp" label={t("yubikey.otp")} error={errors.otp} autocomplete="off" maxLength={48} />
    </>
  );
}
