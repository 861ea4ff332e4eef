// Accounts for the sign-in benchmarks, made over HTTP as a person would: register a practice,
// read the code from the development outbox, verify, sign in, set up an authenticator app.
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { totpCode, totpStep } from "../lib/totp.ts";
import { type Answer, Browser } from "./browser.ts";

const PASSWORD = "Morgens Kaffee, abends Tee 7";

export interface BenchAccount {
  email: string;
  password: string;
  totpSecret: Uint8Array;
}

export async function prepareAccount(base: string, label: string): Promise<BenchAccount> {
  const browser = new Browser(base);
  const email = `${label}.${crypto.randomUUID().slice(0, 8)}@praxis.example`;
  const registered = expectRedirect(
    "registration",
    /^\/verify\//,
    await browser.post("/register", {
      practice_name: "Praxis am Markt",
      owner_name: "Dr. Maria Beispiel",
      email,
      password: PASSWORD,
      password_confirmation: PASSWORD,
      accept_terms: "yes",
    }),
  );
  const code = outboxCode((await browser.get("/dev/outbox")).html, email);
  expectRedirect(
    "verification",
    /^\/sign-in\?notice=verified$/,
    await browser.post(registered.split("?")[0], { code }),
  );
  expectRedirect(
    "password step",
    /^\/sign-in\/second-factor$/,
    await browser.post("/sign-in", { email, password: PASSWORD }),
  );

  const setup = await browser.get("/security/totp/new");
  const secretText = setup.html.match(/class="totp-secret">([A-Z2-7 ]+)</)?.[1];
  const factorId = setup.html.match(/action="\/security\/totp\/([0-9a-f-]{36})"/)?.[1];
  if (setup.status !== 200 || !secretText || !factorId) throw new Error(`TOTP setup page answered ${setup.status}`);
  const totpSecret = decodeBase32IgnorePadding(secretText.replaceAll(" ", ""));
  // The previous step's code (one past step is accepted by default): the current step stays
  // unused, so the first sign-in need not wait for the next 30-second step.
  const previous = totpCode(totpSecret, totpStep(new Date()) - 1);
  expectRedirect(
    "TOTP enrolment",
    /^\/security\/recovery-codes\b/,
    await browser.post(`/security/totp/${factorId}`, { name: "Telefon", code: previous }),
  );
  return { email, password: PASSWORD, totpSecret };
}

/** Password and authenticator code: a browser holding a complete session. */
export async function signInCompletely(base: string, account: BenchAccount): Promise<Browser> {
  const browser = new Browser(base);
  expectRedirect(
    "password step",
    /^\/sign-in\/second-factor$/,
    await browser.post("/sign-in", { email: account.email, password: account.password }),
  );
  const code = totpCode(account.totpSecret, totpStep(new Date()));
  expectRedirect("second factor", /^\/$/, await browser.post("/sign-in/second-factor", { code }));
  return browser;
}

/** The 8-digit code of the newest mail to this address on the outbox page (newest first). */
function outboxCode(html: string, email: string): string {
  for (const mail of html.split("<article").slice(1)) {
    if (!mail.includes(`>${email}<`)) continue;
    const code = mail.match(/class="mail-body">[^<]*?\b(\d{8})\b/)?.[1];
    if (code) return code;
  }
  throw new Error(`no verification code for ${email} in /dev/outbox`);
}

function expectRedirect(step: string, target: RegExp, answer: Answer): string {
  if (answer.status !== 303 || !target.test(answer.location ?? "")) {
    throw new Error(`${step} answered ${answer.status} ${answer.location ?? ""}, expected 303 to ${target}`);
  }
  return answer.location!;
}
