// The form that imports a YubiKey programmed for Yubico OTP, shared by the person's own
// enrolment and the owner's import for a member: the key's data from the personalization
// tool's CSV line or typed one by one, and an OTP typed by touching the key.
import { z } from "zod";
import { singleLineText } from "./validation.ts";
import { decodeModhex, parsePersonalizationCsvLine } from "../lib/yubico-otp.ts";
import type { FieldErrors } from "../views/page-context.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import type { AppDeps } from "./app-env.ts";
import { createFactorKeyring } from "../lib/factor-secrets.ts";
import { checkYubicoOtp, discardPendingFactor, startEnrolment, yubicoPublicIdTaken } from "../db/second-factors.ts";

const yubikeyFields = {
  name: singleLineText(60),
  csv: z.string().max(2000, "form.tooLong").optional(),
  public_id: z.string().max(64, "yubikey.publicIdInvalid").optional(),
  private_id: z.string().max(64, "yubikey.privateIdInvalid").optional(),
  aes_key: z.string().max(128, "yubikey.aesKeyInvalid").optional(),
  otp: z.string({ error: "form.required" }).trim().min(1, "form.required").max(64, "yubikey.otpInvalid"),
};

export interface KeyMaterial {
  publicId: string;
  privateId: Uint8Array;
  aesKey: Uint8Array;
}

type Issue = { path: [string]; message: MessageKey };

/** The key's public id, private id and AES secret: from the tool's CSV line or typed one by one. */
function keyMaterial(form: { csv?: string; public_id?: string; private_id?: string; aes_key?: string }):
  | KeyMaterial
  | Issue[] {
  if (form.csv?.trim()) {
    const parsed = parsePersonalizationCsvLine(form.csv);
    return "error" in parsed ? [{ path: ["csv"], message: "yubikey.csvInvalid" }] : parsed;
  }
  const publicId = (form.public_id ?? "").trim().toLowerCase();
  const privateId = (form.private_id ?? "").replace(/\s+/g, "").toLowerCase();
  const aesKey = (form.aes_key ?? "").replace(/\s+/g, "").toLowerCase();
  const issues: Issue[] = [];
  if (publicId.length !== 12 || !decodeModhex(publicId)) {
    issues.push({ path: ["public_id"], message: "yubikey.publicIdInvalid" });
  }
  if (!/^[0-9a-f]{12}$/.test(privateId)) issues.push({ path: ["private_id"], message: "yubikey.privateIdInvalid" });
  if (!/^[0-9a-f]{32}$/.test(aesKey)) issues.push({ path: ["aes_key"], message: "yubikey.aesKeyInvalid" });
  if (issues.length) return issues;
  const hex = (text: string) => Uint8Array.from(text.match(/../g)!, (pair) => parseInt(pair, 16));
  return { publicId, privateId: hex(privateId), aesKey: hex(aesKey) };
}

/**
 * The YubiKey form with more fields of a route's own (the owner's reason): once every field is
 * valid, the key's data are read into `key`, or refused beside their fields.
 */
export function yubikeyFormWith<S extends z.ZodRawShape>(more: S) {
  return z.object({ ...yubikeyFields, ...more }).transform((form, ctx) => {
    const key = keyMaterial(form as z.output<z.ZodObject<typeof yubikeyFields>>);
    if (!Array.isArray(key)) return { ...form, key };
    for (const issue of key) ctx.addIssue({ code: "custom", ...issue });
    return z.NEVER;
  });
}

export const yubikeyForm = yubikeyFormWith({});

/**
 * Stores the key as a pending factor of `accountId` and checks the typed OTP against it: the
 * factor's id when the data fit the key (the caller activates it), otherwise the messages for
 * the form, with nothing left behind.
 */
export async function stageYubikey(
  deps: Pick<AppDeps, "db" | "masterKey" | "clock" | "config">,
  accountId: string,
  form: { name: string; otp: string; key: KeyMaterial },
): Promise<{ factorId: string } | { errors: FieldErrors }> {
  const { db, masterKey, clock, config } = deps;
  const { key } = form;
  const taken = { errors: { public_id: { key: "yubikey.taken" } } } satisfies { errors: FieldErrors };
  if (await yubicoPublicIdTaken(db, key.publicId, accountId)) return taken;

  const factorId = crypto.randomUUID();
  const keyring = createFactorKeyring(masterKey);
  const started = await startEnrolment(db, {
    id: factorId,
    accountId,
    kind: "yubico_otp",
    name: form.name,
    secret: await keyring.seal(factorId, new Uint8Array([...key.privateId, ...key.aesKey])),
    yubicoPublicId: key.publicId,
  }, clock.now());
  if (!started) return taken;
  const check = await checkYubicoOtp(db, accountId, form.otp, {
    keyring,
    now: clock.now(),
    allowedPastSteps: config.totpAllowedPastSteps,
    factorId,
    includePending: true,
  });
  if (!check.ok) {
    await discardPendingFactor(db, accountId, factorId);
    return { errors: { otp: { key: check.reason === "malformed" ? "yubikey.otpInvalid" : "yubikey.otpMismatch" } } };
  }
  return { factorId };
}
