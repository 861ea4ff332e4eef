// The owner's actions on one member (lock, unlock, end sessions, lock or remove a factor, end
// the membership) and on the whole practice (lock every credential). Each needs the
// permission to manage the team, a second factor confirmed in the last 10 minutes, and a
// reason; another practice's membership answers 404 and changes nothing.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import type { PracticeActor } from "../db/practice-scope.ts";
import { pageContext, practiceActor, queryNotice, requestFacts } from "./page.ts";
import { checkForm, readForm, readIsoDay, singleLineText, typed } from "./validation.ts";
import { authorize, requireFactorManagement } from "./middleware/access.ts";
import { clearCookie } from "./middleware/cookies.ts";
import { berlinDate } from "../lib/clock.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import {
  endMemberSessions,
  endMembershipNow,
  findMember,
  lockMemberFactor,
  lockMembership,
  lockWholePractice,
  type MemberOutcome,
  needsFourEyes,
  removeMemberFactor,
  requestPracticeLock,
  setMembershipEndDate,
  unlockMembership,
} from "../db/member-locks.ts";
import { LockPracticePage, MemberPage, PracticeLockedPage } from "../views/team/member-page.tsx";
import type { FieldErrors } from "../views/page-context.ts";
import { isUuid } from "../lib/uuid.ts";

const reasonForm = z.object({ reason: singleLineText(500) });

/** A membership's end date: a day from `today` on ("end now" ends a membership at once). */
function endDateForm(today: string) {
  return reasonForm.extend({
    ends_on: typed(readIsoDay, "locks.invalidDate", { missing: "form.required" })
      .refine((day) => day >= today, "locks.endDateInPast"),
  });
}

const NOTICES: Record<string, MessageKey> = {
  locked: "locks.lockedNotice",
  unlocked: "locks.unlockedNotice",
  sessionsEnded: "locks.sessionsEndedNotice",
  factorLocked: "locks.factorLockedNotice",
  factorRemoved: "locks.factorRemovedNotice",
  endDateSet: "locks.endDateSetNotice",
  ended: "locks.endedNotice",
};

const PROBLEMS: Partial<Record<MemberOutcome, MessageKey>> = {
  self: "locks.notOnSelf",
  ended: "locks.membershipEnded",
  last: "locks.lastFactor",
};

async function memberPage(
  c: Context<AppEnv>,
  membershipId: string,
  options: { errors?: FieldErrors; values?: Record<string, string>; problem?: MessageKey; status?: 200 | 422 } = {},
) {
  const { db, clock } = c.var.deps;
  const member = isUuid(membershipId) ? await findMember(db, practiceActor(c), membershipId, clock.now()) : null;
  if (!member) return c.notFound();
  return c.html(
    <MemberPage
      page={pageContext(c)}
      member={member}
      today={berlinDate(clock.now())}
      notice={queryNotice(c, NOTICES)}
      problem={options.problem}
      errors={options.errors ?? {}}
      values={options.values ?? {}}
    />,
    options.status ?? 200,
  );
}

/** The reason a form gave, or the page again with the message beside that form's field. */
async function readReason(c: Context<AppEnv>, form: string) {
  const values = await readForm(c);
  const parsed = checkForm(reasonForm, values);
  if (parsed.success) return { reason: parsed.data.reason };
  const errors = parsed.errors;
  return { invalid: { [`${form}-reason`]: errors.reason } as FieldErrors };
}

/** Where an outcome leads: back to the member page with a notice, or the page with the problem. */
async function answer(c: Context<AppEnv>, membershipId: string, outcome: MemberOutcome, notice: string) {
  if (outcome === "unknown") return c.notFound();
  const problem = PROBLEMS[outcome];
  if (problem) return await memberPage(c, membershipId, { problem, status: 422 });
  return c.redirect(`/team/members/${membershipId}?notice=${notice}`, 303);
}

type MemberAction = (
  db: AppEnv["Variables"]["deps"]["db"],
  scope: PracticeActor,
  membershipId: string,
  reason: string,
  facts: ReturnType<typeof requestFacts>,
) => Promise<MemberOutcome>;

export function teamMemberRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/team/members/:membershipId", authorize("team.manage"), (c) => memberPage(c, c.req.param("membershipId")));

  // Actions that need only a reason: one route each, the same story.
  const simple: [string, string, string, MemberAction][] = [
    ["lock", "lock", "locked", lockMembership],
    ["unlock", "unlock", "unlocked", unlockMembership],
    ["sessions/end", "sessions", "sessionsEnded", endMemberSessions],
    ["end", "end", "ended", endMembershipNow],
  ];
  for (const [path, form, notice, act] of simple) {
    app.post(
      `/team/members/:membershipId/${path}`,
      authorize("team.manage"),
      requireFactorManagement(),
      async (c) => {
        const membershipId = c.req.param("membershipId");
        if (!isUuid(membershipId)) return c.notFound();
        const read = await readReason(c, form);
        if (read.invalid) return await memberPage(c, membershipId, { errors: read.invalid, status: 422 });
        const outcome = await act(c.var.deps.db, practiceActor(c), membershipId, read.reason, requestFacts(c));
        return await answer(c, membershipId, outcome, notice);
      },
    );
  }

  app.post(
    "/team/members/:membershipId/end-date",
    authorize("team.manage"),
    requireFactorManagement(),
    async (c) => {
      const membershipId = c.req.param("membershipId");
      if (!isUuid(membershipId)) return c.notFound();
      const values = await readForm(c);
      const parsed = checkForm(endDateForm(berlinDate(c.var.deps.clock.now())), values);
      if (!parsed.success) {
        const invalid: FieldErrors = { ends_on: parsed.errors.ends_on, "end-date-reason": parsed.errors.reason };
        return await memberPage(c, membershipId, { errors: invalid, values, status: 422 });
      }
      const { ends_on, reason } = parsed.data;
      const outcome = await setMembershipEndDate(
        c.var.deps.db,
        practiceActor(c),
        membershipId,
        ends_on,
        reason,
        requestFacts(c),
      );
      return await answer(c, membershipId, outcome, "endDateSet");
    },
  );

  for (
    const [path, notice, act] of [["lock", "factorLocked", lockMemberFactor], [
      "remove",
      "factorRemoved",
      removeMemberFactor,
    ]] as const
  ) {
    app.post(
      `/team/members/:membershipId/factors/:factorId/${path}`,
      authorize("team.manage"),
      requireFactorManagement(),
      async (c) => {
        const { membershipId, factorId } = c.req.param();
        if (!isUuid(membershipId) || !isUuid(factorId)) return c.notFound();
        const read = await readReason(c, `factor-${factorId}`);
        if (read.invalid) return await memberPage(c, membershipId, { errors: read.invalid, status: 422 });
        const outcome = await act(
          c.var.deps.db,
          practiceActor(c),
          membershipId,
          factorId,
          read.reason,
          requestFacts(c),
        );
        return await answer(c, membershipId, outcome, notice);
      },
    );
  }

  const lockPracticePage = async (c: Context<AppEnv>, errors: FieldErrors = {}, status: 200 | 422 = 200) => {
    const fourEyes = await needsFourEyes(c.var.deps.db, practiceActor(c), "lock_practice");
    const notice = c.req.query("notice") === "requested" ? "locks.practiceRequested" as const : undefined;
    return c.html(
      <LockPracticePage page={pageContext(c)} errors={errors} notice={notice} fourEyes={fourEyes} />,
      status,
    );
  };

  app.get("/team/lock-practice", authorize("team.manage"), (c) => lockPracticePage(c));

  app.post("/team/lock-practice", authorize("team.manage"), requireFactorManagement(), async (c) => {
    const read = await readReason(c, "practice");
    if (read.invalid) return await lockPracticePage(c, read.invalid, 422);
    const { db, config } = c.var.deps;
    const scope = practiceActor(c);
    if (await needsFourEyes(db, scope, "lock_practice")) {
      await requestPracticeLock(db, scope, read.reason, requestFacts(c));
      return c.redirect("/team/lock-practice?notice=requested", 303);
    }
    const locked = await lockWholePractice(db, scope, read.reason, requestFacts(c));
    c.var.deps.kickMailDelivery();
    // The owner's own credentials are locked with everyone else's: this session has ended.
    clearCookie(c, config, "session");
    return c.html(
      <PracticeLockedPage page={{ ...pageContext(c), account: null, practice: null }} accounts={locked.accounts} />,
    );
  });

  return app;
}
