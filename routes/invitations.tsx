// Onboarding over two channels. The owner invites a member: the email carries only the link,
// the owner gets the activation code on a printable letter. The invited person needs both: the
// link leads to the page, the code opens it. A new person then chooses a password and accepts
// the terms, and is signed in with the password step, which forces the second factor.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceActor, queryNotice, requestFacts } from "./page.ts";
import {
  checkForm,
  emailAddress,
  personName,
  readForm,
  readFormBody,
  readIsoDay,
  textValues,
  typedPassword,
} from "./validation.ts";
import { authorize, requireFactorManagement } from "./middleware/access.ts";
import { writeCookie } from "./middleware/cookies.ts";
import { clientAddress } from "./middleware/client-address.ts";
import { berlinDate } from "../lib/clock.ts";
import { LANGUAGES, type MessageKey, translator } from "../lib/i18n/mod.ts";
import { GRANTABLE_AREAS, type Role, ROLES } from "../lib/permissions.ts";
import { checkPasswordPolicy, hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../lib/password.ts";
import { CURRENT_TERMS } from "../lib/terms.ts";
import type { MailOrder } from "../lib/mail-templates.ts";
import { generateActivationCode, normalizeActivationCode, printedActivationCode } from "../lib/activation-code.ts";
import { activationLetterPdf, dayAsWritten } from "../lib/activation-letter.ts";
import {
  acceptInvitation,
  activationLetterFacts,
  createInvitation,
  findInvitationByLink,
  INVITATION_LIFETIME_MS,
  listInvitations,
  newInvitationSecrets,
  reissueActivationCode,
  withdrawInvitation,
} from "../db/invitations.ts";
import { listLocations } from "../db/team.ts";
import { sessionLimits, startSession } from "../db/accounts.ts";
import { InvitationListPage } from "../views/invitations/invitation-list-page.tsx";
import { InvitationFormPage, type InvitationFormValues } from "../views/invitations/invitation-form-page.tsx";
import { InvitationLetterPage } from "../views/invitations/invitation-letter-page.tsx";
import {
  InvitationAcceptPage,
  InvitationClosedPage,
  InvitationJoinedPage,
} from "../views/invitations/invitation-accept-page.tsx";
import type { FieldErrors } from "../views/page-context.ts";
import { isUuid } from "../lib/uuid.ts";

const NOTICES: Record<string, MessageKey> = {
  withdrawn: "invitations.withdrawnNotice",
  notPending: "invitations.notPendingNotice",
};

/** The invitation form, judged against today in Germany (an end date cannot lie in the past). */
function invitationForm(today: string) {
  const latest = `${Number(today.slice(0, 4)) + 10}${today.slice(4)}`;
  return z.object({
    name: personName(200),
    email: emailAddress,
    role: z.enum(ROLES as readonly [Role, ...Role[]], { error: "invitations.roleInvalid" }),
    language: z.enum(LANGUAGES, { error: "invitations.languageInvalid" }),
    scope: z.enum(["all", "some"], { error: "invitations.locationsRequired" }),
    locations: z.array(z.string().refine(isUuid, "invitations.locationsInvalid")).max(
      100,
      "invitations.locationsInvalid",
    ),
    ends_on: z.string().trim().max(10, "invitations.endsOnInvalid")
      .refine((day) => day === "" || (readIsoDay(day) !== null && day >= today && day <= latest), {
        message: "invitations.endsOnInvalid",
      }),
    areas: z.array(z.enum(GRANTABLE_AREAS, { error: "invitations.areasRequired" })).max(GRANTABLE_AREAS.length),
  }).superRefine((form, ctx) => {
    const problem = (path: string, message: MessageKey) => ctx.addIssue({ code: "custom", path: [path], message });
    if (form.role === "third_party" && !form.ends_on) problem("ends_on", "invitations.endsOnRequired");
    if (form.role === "third_party" && form.areas.length === 0) problem("areas", "invitations.areasRequired");
    if (form.scope === "some" && form.locations.length === 0) problem("locations", "invitations.locationsRequired");
  });
}

const activationCode = z.string({ error: "form.required" }).trim().min(1, "form.required")
  .max(40, "invitation.codeMalformed")
  .refine((code) => normalizeActivationCode(code) !== null, "invitation.codeMalformed");

const existingPersonForm = z.object({ code: activationCode });

function newPersonForm(email: string) {
  return z.object({
    code: activationCode,
    name: personName(200),
    password: typedPassword,
    password_confirmation: z.string({ error: "form.required" }).max(PASSWORD_MAX_LENGTH, "password.tooLong"),
    accept_terms: z.literal("yes", { error: "invitation.termsRequired" }),
  }).superRefine((form, ctx) => {
    const problem = checkPasswordPolicy(form.password, { email, name: form.name });
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: `password.${problem}` });
    else if (form.password !== form.password_confirmation) {
      ctx.addIssue({ code: "custom", path: ["password_confirmation"], message: "password.mismatch" });
    }
  });
}

/** The form's fields: single values as text (a repeated one counts as missing), lists as lists. */
async function readInvitationForm(c: Context<AppEnv>): Promise<InvitationFormValues> {
  const body = await readFormBody(c).catch(() => null);
  if (!body) return {};
  const list = (value: unknown) => (Array.isArray(value) ? value : [value]).filter((v) => typeof v === "string");
  const text = textValues(body);
  return {
    name: text.name,
    email: text.email,
    role: text.role,
    language: text.language,
    scope: text.scope ?? "all",
    locations: list(body.locations),
    ends_on: text.ends_on ?? "",
    areas: list(body.areas),
  };
}

export function invitationRoutes() {
  const app = new Hono<AppEnv>();

  // The owner's side.

  app.get("/team/invitations", authorize("team.manage"), async (c) => {
    const invitations = await listInvitations(c.var.deps.db, practiceActor(c), c.var.deps.clock.now());
    const notice = queryNotice(c, NOTICES);
    return c.html(<InvitationListPage page={pageContext(c)} invitations={invitations} notice={notice} />);
  });

  const formPage = async (
    c: Context<AppEnv>,
    values: InvitationFormValues,
    errors: FieldErrors,
    status: 200 | 422,
  ) => {
    const locations = await listLocations(c.var.deps.db, practiceActor(c));
    return c.html(
      <InvitationFormPage page={pageContext(c)} locations={locations} values={values} errors={errors} />,
      status,
    );
  };

  app.get(
    "/team/invitations/new",
    authorize("team.manage"),
    requireFactorManagement(),
    (c) => formPage(c, { language: c.var.lang, scope: "all" }, {}, 200),
  );

  app.post("/team/invitations", authorize("team.manage"), requireFactorManagement(), async (c) => {
    const values = await readInvitationForm(c);
    const facts = requestFacts(c);
    const parsed = checkForm(invitationForm(berlinDate(facts.now)), values);
    if (!parsed.success) return await formPage(c, values, parsed.errors, 422);
    const form = parsed.data;

    const session = c.var.session!;
    const secrets = newInvitationSecrets();
    const mail: MailOrder = {
      to: form.email,
      language: form.language,
      facts: {
        kind: "invitation",
        name: form.name,
        inviter: session.account.name,
        practice: session.practice!.name,
        url: new URL(`/invitation/${secrets.linkToken}`, c.var.deps.config.baseUrl).href,
        date: dayAsWritten(new Date(facts.now.getTime() + INVITATION_LIFETIME_MS), form.language),
      },
    };
    const outcome = await createInvitation(
      c.var.deps.db,
      practiceActor(c),
      {
        name: form.name,
        email: form.email,
        role: form.role,
        endsOn: form.ends_on || null,
        areas: form.role === "third_party" ? form.areas : [],
        locationIds: form.scope === "some" ? form.locations : [],
      },
      secrets,
      mail,
      facts,
    );
    if (outcome === "already_member") {
      return await formPage(c, values, { email: { key: "invitations.alreadyMember" } }, 422);
    }
    if (outcome === "already_invited") {
      return await formPage(c, values, { email: { key: "invitations.alreadyInvited" } }, 422);
    }
    if (outcome === "unknown_location") {
      return await formPage(c, values, { locations: { key: "invitations.locationsInvalid" } }, 422);
    }
    c.var.deps.kickMailDelivery();
    // Shown once, like recovery codes: the code exists nowhere but in this answer.
    return c.html(
      <InvitationLetterPage
        page={pageContext(c)}
        invitation={{ id: secrets.id, name: form.name, email: form.email }}
        code={secrets.activationCode}
        reissued={false}
      />,
    );
  });

  app.post("/team/invitations/:id/letter", authorize("team.manage"), async (c) => {
    const id = c.req.param("id");
    if (!isUuid(id)) return c.notFound();
    const code = (await readForm(c)).code ?? "";
    const facts = requestFacts(c);
    const letter = await activationLetterFacts(c.var.deps.db, practiceActor(c), id, code, facts);
    if (!letter) return c.notFound();
    const pdf = await activationLetterPdf(translator("de"), {
      ...letter,
      code: printedActivationCode(code)!,
      issuedAt: facts.now,
      issuedOn: dayAsWritten(facts.now, "de"),
      validUntil: dayAsWritten(letter.expiresAt, "de"),
    });
    return c.body(pdf, 200, {
      "Content-Type": "application/pdf",
      "Content-Disposition": 'attachment; filename="aktivierungsbrief.pdf"',
    });
  });

  app.post("/team/invitations/:id/code", authorize("team.manage"), requireFactorManagement(), async (c) => {
    const id = c.req.param("id");
    if (!isUuid(id)) return c.notFound();
    const code = generateActivationCode();
    const outcome = await reissueActivationCode(c.var.deps.db, practiceActor(c), id, code, requestFacts(c));
    if (outcome === "unknown") return c.notFound();
    if (outcome === "not_pending") return c.redirect("/team/invitations?notice=notPending", 303);
    return c.html(<InvitationLetterPage page={pageContext(c)} invitation={outcome} code={code} reissued />);
  });

  app.post("/team/invitations/:id/withdraw", authorize("team.manage"), async (c) => {
    const id = c.req.param("id");
    if (!isUuid(id)) return c.notFound();
    const outcome = await withdrawInvitation(c.var.deps.db, practiceActor(c), id, requestFacts(c));
    if (outcome === "unknown") return c.notFound();
    return c.redirect(`/team/invitations?notice=${outcome === "withdrawn" ? "withdrawn" : "notPending"}`, 303);
  });

  // The invited person's side: the link leads here; there is no way to use a code without it.

  const closed = (c: Context<AppEnv>, reason: "unknown" | "expired" | "withdrawn" | "accepted" | "void") =>
    c.html(<InvitationClosedPage page={pageContext(c)} reason={reason} />, reason === "unknown" ? 404 : 410);

  app.get("/invitation/:token", async (c) => {
    const token = c.req.param("token");
    const invitation = await findInvitationByLink(c.var.deps.db, token, c.var.deps.clock.now());
    if (!invitation) return closed(c, "unknown");
    if (invitation.state !== "pending") return closed(c, invitation.state);
    return c.html(
      <InvitationAcceptPage
        page={pageContext(c)}
        path={`/invitation/${token}`}
        invitation={invitation}
        values={{}}
        errors={{}}
      />,
    );
  });

  app.post("/invitation/:token", async (c) => {
    const token = c.req.param("token");
    const { db, config } = c.var.deps;
    const facts = requestFacts(c);
    const invitation = await findInvitationByLink(db, token, facts.now);
    if (!invitation) return closed(c, "unknown");
    if (invitation.state !== "pending") return closed(c, invitation.state);
    const values = await readForm(c);
    const render = (errors: FieldErrors, hasAccount = invitation.hasAccount) =>
      c.html(
        <InvitationAcceptPage
          page={pageContext(c)}
          path={`/invitation/${token}`}
          invitation={{ ...invitation, hasAccount }}
          values={values}
          errors={errors}
        />,
        422,
      );

    const schema = invitation.hasAccount ? existingPersonForm : newPersonForm(invitation.email);
    const parsed = checkForm(schema, values);
    if (!parsed.success) {
      const errors = parsed.errors;
      if (errors.password) errors.password.values = { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH };
      return render(errors);
    }
    const form = parsed.data as z.infer<ReturnType<typeof newPersonForm>>;
    const newPerson = invitation.hasAccount ? null : {
      name: form.name,
      passwordHash: await hashPassword(form.password),
      language: c.var.lang,
      termsVersion: CURRENT_TERMS.version,
    };

    const result = await acceptInvitation(db, token, form.code, newPerson, facts);
    switch (result.outcome) {
      case "wrong_code":
        return render({ code: { key: "invitation.codeWrong", values: { count: result.attemptsLeft } } });
      case "password_needed":
        return render({}, false);
      case "closed":
        return closed(c, result.state);
    }
    if (!result.newAccount) {
      return c.html(<InvitationJoinedPage page={pageContext(c)} practiceName={result.practiceName} />);
    }
    // The password step is done: the session waits for a second factor, which the person has
    // yet to set up, so the next page is the forced enrolment.
    const sessionToken = await startSession(
      db,
      {
        accountId: result.accountId,
        purpose: "sign_in",
        previousTokenHash: c.var.session?.tokenHash ?? null,
        userAgent: c.req.header("User-Agent") ?? null,
        ip: clientAddress(c),
      },
      sessionLimits(config),
      facts,
    );
    writeCookie(c, config, "session", sessionToken);
    return c.redirect("/sign-in/second-factor", 303);
  });

  return app;
}
