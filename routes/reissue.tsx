// Re-issuing access after a loss: on the member page the owner (fresh second factor, with a
// reason) sends the member a new invitation over both channels. The member opens the link,
// types the code from the letter and a new password; their old factors stay locked, every
// session ends, and an enrolment session lets them set up one new factor.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceActor, requestFacts } from "./page.ts";
import { checkForm, parseForm, readForm, singleLineText, typedPassword } from "./validation.ts";
import { authorize, requireFactorManagement } from "./middleware/access.ts";
import { writeCookie } from "./middleware/cookies.ts";
import { clientAddress } from "./middleware/client-address.ts";
import { berlinDate } from "../lib/clock.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import { checkPasswordPolicy, hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../lib/password.ts";
import { normalizeActivationCode } from "../lib/activation-code.ts";
import { dayAsWritten } from "../lib/activation-letter.ts";
import { newInvitationSecrets } from "../db/invitations.ts";
import { acceptReissue, createReissue, findReissueByLink } from "../db/reissue.ts";
import { findMember } from "../db/member-locks.ts";
import { sessionLimits } from "../db/accounts.ts";
import { MemberPage } from "../views/team/member-page.tsx";
import { InvitationLetterPage } from "../views/invitations/invitation-letter-page.tsx";
import { InvitationClosedPage } from "../views/invitations/invitation-accept-page.tsx";
import { ReissueAcceptPage } from "../views/reissue/reissue-accept-page.tsx";
import type { FieldErrors } from "../views/page-context.ts";
import { isUuid } from "../lib/uuid.ts";

const reasonForm = z.object({ reason: singleLineText(500) });

function acceptForm(person: { email: string; name: string }) {
  return z.object({
    code: z.string({ error: "form.required" }).trim().min(1, "form.required").max(40, "invitation.codeMalformed")
      .refine((code) => normalizeActivationCode(code) !== null, "invitation.codeMalformed"),
    password: typedPassword,
    password_confirmation: z.string({ error: "form.required" }).max(PASSWORD_MAX_LENGTH, "password.tooLong"),
  }).superRefine((form, ctx) => {
    const problem = checkPasswordPolicy(form.password, person);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: `password.${problem}` });
    else if (form.password !== form.password_confirmation) {
      ctx.addIssue({ code: "custom", path: ["password_confirmation"], message: "password.mismatch" });
    }
  });
}

/** The member page again, with a message beside the re-issue form or above the page. */
async function memberPage(
  c: Context<AppEnv>,
  membershipId: string,
  shown: { errors?: FieldErrors; problem?: MessageKey },
) {
  const { db, clock } = c.var.deps;
  const member = await findMember(db, practiceActor(c), membershipId, clock.now());
  if (!member) return c.notFound();
  return c.html(
    <MemberPage
      page={pageContext(c)}
      member={member}
      today={berlinDate(clock.now())}
      problem={shown.problem}
      errors={shown.errors ?? {}}
      values={{}}
    />,
    422,
  );
}

const PROBLEMS: Record<"self" | "ended" | "already_pending", MessageKey> = {
  self: "locks.notOnSelf",
  ended: "locks.membershipEnded",
  already_pending: "reissue.alreadyPending",
};

export function reissueRoutes() {
  const app = new Hono<AppEnv>();

  app.post(
    "/team/members/:membershipId/reissue",
    authorize("team.manage"),
    requireFactorManagement(),
    async (c) => {
      const membershipId = c.req.param("membershipId");
      if (!isUuid(membershipId)) return c.notFound();
      const parsed = await parseForm(c, reasonForm);
      if (!parsed.success) {
        return await memberPage(c, membershipId, { errors: { "reissue-reason": parsed.errors.reason } });
      }
      const session = c.var.session!;
      const facts = requestFacts(c);
      const secrets = newInvitationSecrets();
      const result = await createReissue(
        c.var.deps.db,
        practiceActor(c),
        membershipId,
        secrets,
        (member) => ({
          to: member.email,
          language: member.language,
          facts: {
            kind: "reissue",
            name: member.name,
            inviter: session.account.name,
            practice: session.practice!.name,
            url: new URL(`/reissue/${secrets.linkToken}`, c.var.deps.config.baseUrl).href,
            date: dayAsWritten(member.expiresAt, member.language),
          },
        }),
        parsed.data.reason,
        facts,
      );
      if (result.outcome === "unknown") return c.notFound();
      if (result.outcome !== "created") return await memberPage(c, membershipId, { problem: PROBLEMS[result.outcome] });
      c.var.deps.kickMailDelivery();
      // Shown once: the code exists nowhere but in this answer and the letter made from it.
      return c.html(
        <InvitationLetterPage
          page={pageContext(c)}
          invitation={{ id: secrets.id, name: result.name, email: result.email }}
          code={secrets.activationCode}
          reissued={false}
        />,
      );
    },
  );

  // The member's side: the link leads here; there is no way to use a code without it.

  const closed = (c: Context<AppEnv>, reason: "unknown" | "expired" | "withdrawn" | "accepted" | "void") =>
    c.html(<InvitationClosedPage page={pageContext(c)} reason={reason} />, reason === "unknown" ? 404 : 410);

  app.get("/reissue/:token", async (c) => {
    const token = c.req.param("token");
    const reissue = await findReissueByLink(c.var.deps.db, token, c.var.deps.clock.now());
    if (!reissue) return closed(c, "unknown");
    if (reissue.state !== "pending") return closed(c, reissue.state);
    return c.html(
      <ReissueAcceptPage page={pageContext(c)} path={`/reissue/${token}`} reissue={reissue} values={{}} errors={{}} />,
    );
  });

  app.post("/reissue/:token", async (c) => {
    const token = c.req.param("token");
    const { db, config } = c.var.deps;
    const facts = requestFacts(c);
    const reissue = await findReissueByLink(db, token, facts.now);
    if (!reissue) return closed(c, "unknown");
    if (reissue.state !== "pending") return closed(c, reissue.state);
    const values = await readForm(c);
    const render = (errors: FieldErrors) =>
      c.html(
        <ReissueAcceptPage
          page={pageContext(c)}
          path={`/reissue/${token}`}
          reissue={reissue}
          values={values}
          errors={errors}
        />,
        422,
      );
    const parsed = checkForm(acceptForm(reissue), values);
    if (!parsed.success) {
      const errors = parsed.errors;
      if (errors.password) errors.password.values = { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH };
      return render(errors);
    }
    const form = parsed.data;
    const result = await acceptReissue(
      db,
      token,
      form.code,
      { plain: form.password, hash: await hashPassword(form.password) },
      {
        previousTokenHash: c.var.session?.tokenHash ?? null,
        userAgent: c.req.header("User-Agent") ?? null,
        ip: clientAddress(c),
      },
      sessionLimits(config),
      facts,
    );
    switch (result.outcome) {
      case "wrong_code":
        return render({ code: { key: "invitation.codeWrong", values: { count: result.attemptsLeft } } });
      case "password_reused":
        return render({ password: { key: "password.reused" } });
      case "closed":
        return closed(c, result.state);
    }
    // The password step is done; the enrolment session's only way on is a new factor.
    writeCookie(c, config, "session", result.sessionToken);
    return c.redirect("/security/enrol", 303);
  });

  return app;
}
