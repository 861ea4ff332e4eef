// Security keys and passkeys: adding one, and using one as the second step of signing in or for
// a step-up. JSON endpoints for static/webauthn.js (WebAuthn needs the browser API, the one
// exception to "works without JavaScript"). Each ceremony fetches options, which keeps a
// single-use challenge on the session, and then sends the key's answer back to be checked.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { requestFacts } from "./page.ts";
import { parseJson, singleLineText } from "./validation.ts";
import { localPath, requireFactorManagement } from "./middleware/access.ts";
import { clearCookie, writeCookie } from "./middleware/cookies.ts";
import { admitNewSession } from "./middleware/practice-admission.ts";
import { renderError } from "./errors.tsx";
import type { MessageKey } from "../lib/i18n/mod.ts";
import {
  authenticationOptions,
  authenticationResponse,
  CHALLENGE_LIFETIME_MS,
  readClientData,
  registrationOptions,
  registrationResponse,
  relyingParty,
  verifyAuthentication,
  verifyRegistration,
} from "../lib/webauthn.ts";
import {
  addWebauthnCredential,
  consumeChallenge,
  findWebauthnCredential,
  listWebauthnCredentials,
  recordWebauthnUse,
  storeChallenge,
} from "../db/webauthn-credentials.ts";
import { completeSecondFactor, recordSignInFailure } from "../db/accounts.ts";
import { lockFactor } from "../db/second-factors.ts";
import { lockIfExhausted, reserveAccountAttempt } from "../db/sign-in-guard.ts";
import { appendAccountAuditEvent } from "../db/audit.ts";
import type { SignedInSession } from "../db/sessions.ts";

const registrationBody = z.object({ name: singleLineText(60), response: registrationResponse });
const signInBody = z.object({ response: authenticationResponse, return_to: z.string().optional() });

type FailureReason =
  | "malformed"
  | "challenge"
  | "wrong_origin"
  | "unknown_credential"
  | "invalid"
  | "counter_regression";

function refuse(c: Context<AppEnv>, status: 400 | 401 | 422 | 429, error: MessageKey, extra: object = {}) {
  return c.json({ error, ...extra }, status);
}

/** A session in the second step of signing in, or a complete one asking for a step-up. */
function ceremonySession(c: Context<AppEnv>): SignedInSession | null {
  const session = c.var.session;
  return session && (session.purpose === "sign_in" || session.purpose === "password_reset") ? session : null;
}

/** Where the person goes once the key is confirmed (as after a typed code). */
function destination(session: SignedInSession, returnTo: unknown): string {
  return session.purpose === "password_reset" ? "/password/new" : localPath(returnTo, "/");
}

/**
 * Admission of the new session, as after a typed code: null when it goes on (a held browser
 * meets its waiting page on the first practice page), otherwise the page that tells the
 * refusal. A denied or revoked browser keeps its session, and the approval page says so; a
 * sign-in from outside the practice's networks has ended and lands on a page of its own.
 */
async function refusalPage(c: Context<AppEnv>, token: string): Promise<string | null> {
  const admission = await admitNewSession(c, token);
  if (admission.kind !== "refused") return null;
  return admission.reason === "browser" ? "/browser-approval" : "/sign-in/network-refused";
}

export function webauthnRoutes() {
  const app = new Hono<AppEnv>();
  app.use("/security/webauthn/*", requireFactorManagement());

  // --- adding a key ---

  app.post("/security/webauthn/registration-options", async (c) => {
    const session = c.var.session!;
    const { db, config, clock } = c.var.deps;
    const existing = await listWebauthnCredentials(db, session.account.id, "active_and_locked");
    const options = await registrationOptions(relyingParty(config), {
      accountId: session.account.id,
      email: session.account.email,
      name: session.account.name,
    }, existing);
    const expiresAt = new Date(clock.now().getTime() + CHALLENGE_LIFETIME_MS);
    await storeChallenge(db, session.tokenHash, "registration", options.challenge, expiresAt);
    return c.json(options);
  });

  app.post("/security/webauthn/registration", async (c) => {
    const session = c.var.session!;
    const { db, config } = c.var.deps;
    const facts = requestFacts(c);
    const body = await parseJson(c, registrationBody);
    if (!body) return refuse(c, 400, "webauthn.error.failed");
    if (!body.success) {
      const nameError = body.errors.name;
      if (nameError) return refuse(c, 422, nameError.key, { field: "name" });
      return refuse(c, 400, "webauthn.error.failed");
    }
    const { name, response } = body.data;
    const challenge = readClientData(response.response.clientDataJSON)?.challenge;
    if (!challenge || !await consumeChallenge(db, session.tokenHash, "registration", challenge, facts.now)) {
      return refuse(c, 422, "webauthn.error.expired");
    }
    const check = await verifyRegistration(relyingParty(config), response, challenge);
    if (!check.ok) return refuse(c, 422, "webauthn.error.failed");
    const factorId = await addWebauthnCredential(db, session.account.id, { ...check.credential, name }, facts);
    if (!factorId) return refuse(c, 422, "webauthn.error.alreadyRegistered");

    if (session.secondFactorAt) return c.json({ redirect: "/security?notice=factorAdded" });
    // The person's first factor: proving it also completes their sign-in.
    const token = await completeSecondFactor(db, {
      accountId: session.account.id,
      tokenHash: session.tokenHash,
      step: "enrolment",
      kind: "webauthn",
      factorId,
    }, facts);
    if (!token) return refuse(c, 401, "webauthn.error.sessionEnded", { redirect: "/sign-in" });
    writeCookie(c, config, "session", token);
    return c.json({ redirect: await refusalPage(c, token) ?? "/security/recovery-codes?first=1" });
  });

  // --- signing in and stepping up with a key ---

  app.post("/sign-in/webauthn/options", async (c) => {
    const session = ceremonySession(c);
    if (!session) return refuse(c, 401, "webauthn.error.sessionEnded", { redirect: "/sign-in" });
    const { db, config, clock } = c.var.deps;
    const credentials = await listWebauthnCredentials(db, session.account.id, "active");
    if (!credentials.length) return refuse(c, 422, "webauthn.error.noKey");
    const options = await authenticationOptions(relyingParty(config), credentials);
    const expiresAt = new Date(clock.now().getTime() + CHALLENGE_LIFETIME_MS);
    await storeChallenge(db, session.tokenHash, "authentication", options.challenge, expiresAt);
    return c.json(options);
  });

  app.post("/sign-in/webauthn", async (c) => {
    const session = ceremonySession(c);
    if (!session) return refuse(c, 401, "webauthn.error.sessionEnded", { redirect: "/sign-in" });
    const { db, config } = c.var.deps;
    const facts = requestFacts(c);
    const accountId = session.account.id;
    const step = session.secondFactorAt ? "step_up" : "sign_in";
    const body = await parseJson(c, signInBody);

    // The slot is taken before anything is checked, so a burst cannot outrun the lock.
    if (!await reserveAccountAttempt(db, accountId, facts.now)) {
      await recordSignInFailure(db, accountId, "locked_out", facts);
      return refuse(c, 429, "webauthn.error.lockedOut", { redirect: "/sign-in?notice=lockedOut" });
    }
    const fail = async (reason: FailureReason, status: 400 | 422, error: MessageKey, factorId?: string) => {
      await db.transaction().execute((trx) =>
        appendAccountAuditEvent(trx, accountId, {
          action: "second_factor.failed",
          details: { reason, step, kind: "webauthn", factorId: factorId ?? null },
        }, facts)
      );
      if (await lockIfExhausted(db, accountId, facts)) {
        return refuse(c, 429, "webauthn.error.lockedOut", { redirect: "/sign-in?notice=lockedOut" });
      }
      return refuse(c, status, error);
    };

    if (!body?.success) return await fail("malformed", 400, "webauthn.error.failed");
    const { response, return_to } = body.data;
    const clientData = readClientData(response.response.clientDataJSON);
    if (!clientData) return await fail("malformed", 400, "webauthn.error.failed");
    if (!await consumeChallenge(db, session.tokenHash, "authentication", clientData.challenge, facts.now)) {
      return await fail("challenge", 422, "webauthn.error.expired");
    }
    const credential = await findWebauthnCredential(db, accountId, response.id);
    if (!credential) return await fail("unknown_credential", 422, "webauthn.error.unknownKey");
    const check = await verifyAuthentication(relyingParty(config), response, clientData.challenge, credential);
    if (!check.ok) return await fail(check.reason, 422, "webauthn.error.failed", credential.factorId);

    const use = await recordWebauthnUse(db, credential.factorId, check, facts.now);
    if (use === "regressed") {
      // A valid signature with a counter that went back: the key may have been copied.
      await lockFactor(db, accountId, credential.factorId, "counter_regression", facts);
      clearCookie(c, config, "session");
      return await fail("counter_regression", 422, "webauthn.error.keyLocked", credential.factorId);
    }
    if (use === "gone") return await fail("unknown_credential", 422, "webauthn.error.unknownKey");

    const token = await completeSecondFactor(db, {
      accountId,
      tokenHash: session.tokenHash,
      step,
      kind: "webauthn",
      factorId: credential.factorId,
    }, facts);
    if (!token) return refuse(c, 401, "webauthn.error.sessionEnded", { redirect: "/sign-in" });
    writeCookie(c, config, "session", token);
    return c.json({ redirect: await refusalPage(c, token) ?? destination(session, return_to) });
  });

  // Where a key's sign-in refused for the practice's networks lands (its session has ended).
  app.get(
    "/sign-in/network-refused",
    (c) => renderError(c, 403, "access.networkRefused.title", "access.networkRefused.body"),
  );

  return app;
}
