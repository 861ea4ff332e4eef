// Admission to the session's practice, checked on every practice request (authorize) and by
// the page a held browser waits on: the client address must lie in the practice's allowed
// networks (unless the member has an exception), and the browser must be approved when the
// practice requires browser approval. A sign-in meets this on its first practice page after the
// second factor; a running session meets it on every request, so a change of network, a denial
// or a revocation takes effect at once.
import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { requestFacts } from "../page.ts";
import { renderError } from "../errors.tsx";
import { clientAddress } from "./client-address.ts";
import { clearCookie, readCookie, writeCookie } from "./cookies.ts";
import { addressAllowed } from "../../lib/cidr.ts";
import { describeBrowser } from "../../lib/browser-description.ts";
import { generateSecretToken, hashSecret } from "../../lib/secret-token.ts";
import type { MailOrder } from "../../lib/mail-templates.ts";
import { refuseOutsideNetwork } from "../../db/network-policy.ts";
import { admitBrowser } from "../../db/browsers.ts";
import type { Approver } from "../../db/approvers.ts";
import { findSession } from "../../db/sessions.ts";
import { sessionLimits } from "../../db/accounts.ts";

const BROWSER_COOKIE_SECONDS = 400 * 86_400;
const BROWSER_ID = /^[a-z2-7]{52}$/;

export type Admission =
  | { kind: "admitted" }
  | { kind: "waiting" }
  | { kind: "refused"; reason: "network" | "browser"; response: Response };

/** This browser's identifier, issuing a new one when it has none (or a malformed one). */
export function browserIdentifier(c: Context<AppEnv>): string {
  const { config } = c.var.deps;
  const current = readCookie(c, config, "browser");
  if (current && BROWSER_ID.test(current)) return current;
  const issued = generateSecretToken();
  writeCookie(c, config, "browser", issued, BROWSER_COOKIE_SECONDS);
  return issued;
}

/** The hash of this browser's identifier as stored in known_browsers, when it has one. */
export function browserHashOf(c: Context<AppEnv>): string | null {
  const current = readCookie(c, c.var.deps.config, "browser");
  return current && BROWSER_ID.test(current) ? hashSecret(current) : null;
}

/** Decides admission for a complete session that carries a practice. */
export async function admitToPractice(c: Context<AppEnv>): Promise<Admission> {
  const session = c.var.session!;
  const practice = session.practice!;
  const { db, config } = c.var.deps;
  const facts = requestFacts(c);
  // Read with the session at the start of this request (db/sessions.ts findSession).
  const policy = practice.admission;

  const address = clientAddress(c);
  if (policy.allowedNetworks.length && !policy.networkException && !addressAllowed(address, policy.allowedNetworks)) {
    await refuseOutsideNetwork(db, {
      practiceId: practice.id,
      accountId: session.account.id,
      tokenHash: session.tokenHash,
      address,
    }, facts);
    clearCookie(c, config, "session");
    c.set("session", null);
    return {
      kind: "refused",
      reason: "network",
      response: await renderError(c, 403, "access.networkRefused.title", "access.networkRefused.body"),
    };
  }

  const link = (browserId: string) => new URL(`/practice/browsers/${browserId}`, config.baseUrl).href;
  const description = describeBrowser(c.req.header("User-Agent"));
  const approvalMail = (approver: Approver, browserId: string): MailOrder => ({
    to: approver.email,
    language: approver.language,
    facts: {
      kind: "browserApproval",
      name: approver.name,
      member: session.account.name,
      practice: practice.name,
      device: description,
      link: link(browserId),
    },
  });
  // The session middleware read this browser's registration along when the request named one.
  const readAlong = policy.browser;
  const { verdict, mailed } = await admitBrowser(
    db,
    {
      practiceId: practice.id,
      accountId: session.account.id,
      role: practice.role,
      browserHash: readAlong?.hash ?? hashSecret(browserIdentifier(c)),
      description,
      approvalRequired: policy.browserApproval,
    },
    approvalMail,
    facts,
    readAlong?.known,
  );
  if (mailed) c.var.deps.kickMailDelivery();
  if (verdict === "approved") return { kind: "admitted" };
  if (verdict === "pending") return { kind: "waiting" };
  return {
    kind: "refused",
    reason: "browser",
    response: await renderError(c, 403, "browser.refused.title", "browser.refused.body"),
  };
}

/**
 * Right after the second factor (or choosing a practice) the new session meets admission at
 * once: a sign-in from outside the networks is refused there, and a new browser is held (and
 * its approvers asked) from the start.
 */
export async function admitNewSession(c: Context<AppEnv>, token: string): Promise<Admission> {
  const { db, config, clock } = c.var.deps;
  const fresh = await findSession(db, token, clock.now(), sessionLimits(config));
  if (!fresh?.practice || !fresh.secondFactorAt || fresh.purpose !== "sign_in") return { kind: "admitted" };
  c.set("session", fresh);
  return await admitToPractice(c);
}
