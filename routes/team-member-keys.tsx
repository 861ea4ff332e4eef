// The owner sets up a programmed YubiKey for a member, as a physicians' association hands out
// keys: the key's data from the personalization tool, an OTP from the key that proves the data
// fit it, and a reason. It needs the permission to manage the team and a second factor
// confirmed in the last 10 minutes; another practice's membership answers 404.
import { Hono } from "hono";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceActor, requestFacts } from "./page.ts";
import { checkForm, readForm, singleLineText } from "./validation.ts";
import { stageYubikey, yubikeyFormWith } from "./yubikey-form.ts";
import { authorize, requireFactorManagement } from "./middleware/access.ts";
import { berlinDate } from "../lib/clock.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import { discardPendingFactor } from "../db/second-factors.ts";
import { findMember, type Member } from "../db/member-locks.ts";
import { activateMemberKey, type KeyImportOutcome } from "../db/member-keys.ts";
import { MemberYubikeyPage } from "../views/team/member-yubikey-page.tsx";
import type { FieldErrors } from "../views/page-context.ts";
import { isUuid } from "../lib/uuid.ts";

const importForm = yubikeyFormWith({ reason: singleLineText(500) });

const PROBLEMS: Partial<Record<KeyImportOutcome, MessageKey>> = {
  self: "locks.notOnSelf",
  ended: "locks.membershipEnded",
};

/** The member of the owner's practice, or null for a malformed, unknown or foreign id. */
async function memberOf(c: Context<AppEnv>): Promise<Member | null> {
  const membershipId = c.req.param("membershipId") ?? "";
  if (!isUuid(membershipId)) return null;
  const { db, clock } = c.var.deps;
  return await findMember(db, practiceActor(c), membershipId, clock.now());
}

/** A locked member may get a key (a replacement, before unlocking); an ended one no longer. */
function problemOf(member: Member, today: string): MessageKey | undefined {
  if (member.self) return PROBLEMS.self;
  if (member.ended_at || (member.ends_on !== null && member.ends_on < today)) return PROBLEMS.ended;
  return undefined;
}

function render(
  c: Context<AppEnv>,
  member: Member,
  options: {
    values?: Record<string, string>;
    errors?: FieldErrors;
    problem?: MessageKey;
    notice?: MessageKey;
    status?: 200 | 422;
  },
) {
  const errors = options.errors ?? {};
  // The AES secret is never written back: neither typed alone nor inside the CSV line.
  const values = { ...options.values, aes_key: "", csv: "" };
  return c.html(
    <MemberYubikeyPage
      page={pageContext(c)}
      member={member}
      problem={options.problem}
      notice={options.notice}
      values={values}
      errors={errors}
    />,
    options.status ?? 422,
  );
}

export function teamMemberKeyRoutes() {
  const app = new Hono<AppEnv>();
  const path = "/team/members/:membershipId/yubikey";

  app.get(path, authorize("team.manage"), requireFactorManagement(), async (c) => {
    const member = await memberOf(c);
    if (!member) return c.notFound();
    const notice = c.req.query("notice") === "imported" ? "memberKeys.importedNotice" as const : undefined;
    return render(c, member, { problem: problemOf(member, berlinDate(c.var.deps.clock.now())), notice, status: 200 });
  });

  app.post(path, authorize("team.manage"), requireFactorManagement(), async (c) => {
    const member = await memberOf(c);
    if (!member) return c.notFound();
    const problem = problemOf(member, berlinDate(c.var.deps.clock.now()));
    if (problem) return render(c, member, { problem });
    const values = await readForm(c);
    const invalid = (errors: FieldErrors) => render(c, member, { values, errors });

    const form = checkForm(importForm, values);
    if (!form.success) {
      const { reason, ...errors } = form.errors;
      return invalid({ ...errors, "yubikey-reason": reason });
    }
    const { db } = c.var.deps;
    const accountId = member.account_id;
    // Stored as pending on the member's account until the key's OTP proves the data fit it.
    const staged = await stageYubikey(c.var.deps, accountId, form.data);
    if ("errors" in staged) return invalid(staged.errors);
    const factorId = staged.factorId;

    const outcome = await activateMemberKey(
      db,
      practiceActor(c),
      member.id,
      factorId,
      form.data.reason,
      requestFacts(c),
    );
    if (outcome !== "done") {
      await discardPendingFactor(db, accountId, factorId);
      if (outcome === "unknown") return c.notFound();
      return render(c, member, { problem: PROBLEMS[outcome] });
    }
    c.var.deps.kickMailDelivery();
    return c.redirect(`/team/members/${member.id}/yubikey?notice=imported`, 303);
  });

  return app;
}
