// A person's own security: their second factors, recovery codes, signed-in devices, and (for
// owners) the practice's sign-in rules. Viewing needs a complete session; every change needs
// a second factor confirmed in the last 10 minutes.
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { pageContext, queryNotice, requestFacts } from "./page.ts";
import { parseForm } from "./validation.ts";
import { authorize, requireCompleteSession, requireFactorManagement } from "./middleware/access.ts";
import { clearCookie } from "./middleware/cookies.ts";
import { generateRecoveryCodes } from "../lib/recovery-codes.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import { permits } from "../lib/permissions.ts";
import { activeFactorKinds, listFactors, removeFactor } from "../db/second-factors.ts";
import { reportLoss } from "../db/loss-reports.ts";
import { countUnusedRecoveryCodes, renewRecoveryCodes } from "../db/recovery-codes.ts";
import { endOwnSession, listSessions } from "../db/sessions.ts";
import { changeSignInPolicy } from "../db/sign-in-policy.ts";
import { SecurityPage } from "../views/security/security-page.tsx";
import { RecoveryCodesPage } from "../views/security/recovery-codes-page.tsx";
import type { FieldErrors } from "../views/page-context.ts";
import type { Context } from "hono";
import { isUuid } from "../lib/uuid.ts";

const NOTICES: Record<string, MessageKey> = {
  factorAdded: "security.factorAddedNotice",
  factorRemoved: "security.factorRemoved",
  lastFactor: "security.cannotRemoveLast",
  sessionEnded: "security.sessionEnded",
  policySaved: "security.policySaved",
};

const policyForm = z.object({
  password_max_age_days: z.string({ error: "form.required" }).trim().regex(/^\d{1,4}$/, "form.invalidNumber")
    .transform(Number).pipe(z.number().max(3650, "form.invalidNumber")),
  owners_need_webauthn: z.literal("yes").optional(),
});

async function renderSecurity(c: Context<AppEnv>, errors: FieldErrors = {}, status: 200 | 422 = 200) {
  const session = c.var.session!;
  const { db } = c.var.deps;
  const [factors, unused, sessions] = await Promise.all([
    listFactors(db, session.account.id),
    countUnusedRecoveryCodes(db, session.account.id),
    listSessions(db, session.account.id),
  ]);
  const practice = session.practice;
  return c.html(
    <SecurityPage
      page={pageContext(c)}
      factors={factors}
      unusedRecoveryCodes={unused}
      sessions={sessions.map((s) => ({ ...s, current: s.token_hash === session.tokenHash }))}
      policy={practice && permits(practice.role, practice.areas, "practice.policy")
        ? { passwordMaxAgeDays: practice.passwordMaxAgeDays, ownersNeedWebauthn: practice.ownersNeedWebauthn }
        : null}
      notice={queryNotice(c, NOTICES)}
      errors={errors}
    />,
    status,
  );
}

export function securityRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/security", requireCompleteSession(), (c) => renderSecurity(c));

  // Everything below changes something: a fresh second factor is required.
  app.use("/security/factors/*", requireFactorManagement(), requireCompleteSession());
  app.use("/security/sessions/*", requireFactorManagement(), requireCompleteSession());
  app.use("/security/policy", requireFactorManagement(), authorize("practice.policy"));

  app.post("/security/factors/:id/remove", async (c) => {
    const factorId = c.req.param("id");
    if (!isUuid(factorId)) return c.notFound();
    const outcome = await removeFactor(c.var.deps.db, c.var.session!.account.id, factorId, requestFacts(c));
    if (outcome === "unknown") return c.notFound();
    return c.redirect(`/security?notice=${outcome === "last" ? "lastFactor" : "factorRemoved"}`, 303);
  });

  // "This key is lost": locked at once, and every session of the person ends, this one too.
  app.post("/security/factors/:id/lost", async (c) => {
    const factorId = c.req.param("id");
    if (!isUuid(factorId)) return c.notFound();
    // A loss report like the one from /security/loss-report: locked, sessions ended, owners told.
    const reported = await reportLoss(
      c.var.deps.db,
      c.var.session!.account.id,
      { factorId },
      "signed_in",
      requestFacts(c),
    );
    if (!reported) return c.notFound();
    c.var.deps.kickMailDelivery();
    clearCookie(c, c.var.deps.config, "session");
    return c.redirect("/sign-in?notice=factorLocked", 303);
  });

  app.post("/security/sessions/:id/end", async (c) => {
    const sessionId = c.req.param("id");
    const session = c.var.session!;
    if (!isUuid(sessionId) || sessionId === session.id) return c.notFound();
    const { db } = c.var.deps;
    const facts = requestFacts(c);
    const ended = await endOwnSession(db, session.account.id, sessionId, facts);
    if (!ended) return c.notFound();
    return c.redirect("/security?notice=sessionEnded", 303);
  });

  app.post("/security/policy", async (c) => {
    const session = c.var.session!;
    const practice = session.practice!;
    const form = await parseForm(c, policyForm);
    if (!form.success) return await renderSecurity(c, form.errors, 422);
    const { db } = c.var.deps;
    const ownersNeedWebauthn = form.data.owners_need_webauthn === "yes";
    // Turning the rule on without a key of one's own would lock the owner out.
    if (ownersNeedWebauthn && !(await activeFactorKinds(db, session.account.id)).includes("webauthn")) {
      return await renderSecurity(c, { owners_need_webauthn: { key: "security.policyNeedsOwnKey" } }, 422);
    }
    const facts = requestFacts(c);
    await changeSignInPolicy(
      db,
      { practiceId: practice.id, accountId: session.account.id },
      { passwordMaxAgeDays: form.data.password_max_age_days, ownersNeedWebauthn },
      facts,
    );
    return c.redirect("/security?notice=policySaved", 303);
  });

  // Recovery codes: right after the first factor (session just completed) and from the
  // security page (fresh second factor).
  app.use("/security/recovery-codes", requireFactorManagement(), requireCompleteSession());
  app.get("/security/recovery-codes", async (c) => {
    const unused = await countUnusedRecoveryCodes(c.var.deps.db, c.var.session!.account.id);
    return c.html(<RecoveryCodesPage page={pageContext(c)} unused={unused} notice={c.req.query("first") === "1"} />);
  });

  app.post("/security/recovery-codes", async (c) => {
    const session = c.var.session!;
    const facts = requestFacts(c);
    const codes = generateRecoveryCodes();
    await renewRecoveryCodes(c.var.deps.db, session.account.id, codes, facts);
    return c.html(<RecoveryCodesPage page={pageContext(c)} unused={codes.length} fresh={codes} />);
  });

  return app;
}
