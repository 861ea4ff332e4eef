// The practice's access policy, the owner's: allowed networks and per-member exceptions,
// who may approve, browser approval on or off, and the actions that need four eyes. Every
// change needs a fresh second factor and is audited.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceActor, requestFacts } from "./page.ts";
import { checkForm, maskForbiddenCharacters, readForm } from "./validation.ts";
import { authorize, requireFactorManagement } from "./middleware/access.ts";
import { clientAddress } from "./middleware/client-address.ts";
import { addressAllowed, parseNetwork } from "../lib/cidr.ts";
import { listMemberAccess, loadAccessPolicy, saveAccessPolicy, saveMemberAccess } from "../db/network-policy.ts";
import { fourEyesActionNames } from "../db/four-eyes.ts";
import "../db/four-eyes-actions.ts";
import { AccessPage } from "../views/practice/access-page.tsx";
import type { FieldError, FieldErrors } from "../views/page-context.ts";
import { isUuid } from "../lib/uuid.ts";

const MAX_NETWORKS = 100;

const policyForm = z.object({
  allowed_networks: z.string().max(5000, "form.tooLong").optional().default(""),
  browser_approval: z.literal("yes").optional(),
});

/** The typed networks, one per line, in their canonical form; or the first line's problem. */
export function readNetworks(text: string): { networks: string[] } | { error: FieldError } {
  const networks: string[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (const [index, line] of lines.entries()) {
    const entry = line.trim();
    if (!entry) continue;
    const parsed = parseNetwork(entry);
    const values = { line: index + 1, entry: maskForbiddenCharacters(entry.slice(0, 60)) };
    if (!parsed.ok) {
      return {
        error: parsed.problem === "hostBits"
          ? { key: "access.networks.hostBits", values: { ...values, suggestion: parsed.suggestion! } }
          : { key: `access.networks.${parsed.problem}`, values },
      };
    }
    if (!networks.includes(parsed.text)) networks.push(parsed.text);
  }
  if (networks.length > MAX_NETWORKS) {
    return { error: { key: "access.networks.tooMany", values: { max: MAX_NETWORKS } } };
  }
  return { networks };
}

export function accessPolicyRoutes() {
  const app = new Hono<AppEnv>();

  const accessPage = async (
    c: Context<AppEnv>,
    form: { networksText?: string; browserApproval?: boolean; fourEyesActions?: string[] } = {},
    errors: FieldErrors = {},
    status: 200 | 422 = 200,
  ) => {
    const { db, clock } = c.var.deps;
    const scope = practiceActor(c);
    const policy = await loadAccessPolicy(db, scope);
    const notice = c.req.query("saved") === "1" ? "saved" : c.req.query("saved") === "member" ? "memberSaved" : null;
    return c.html(
      <AccessPage
        page={pageContext(c)}
        networksText={form.networksText ?? policy.allowedNetworks.join("\n")}
        browserApproval={form.browserApproval ?? policy.browserApproval}
        fourEyesActions={form.fourEyesActions ?? policy.fourEyesActions}
        availableActions={fourEyesActionNames()}
        members={await listMemberAccess(db, scope, clock.now())}
        address={clientAddress(c)}
        errors={errors}
        notice={status === 200 ? notice : null}
      />,
      status,
    );
  };

  app.get("/practice/access", authorize("practice.policy"), (c) => accessPage(c));

  app.post("/practice/access", authorize("practice.policy"), requireFactorManagement(), async (c) => {
    const values = await readForm(c);
    const form = checkForm(policyForm, values);
    const fourEyesActions = fourEyesActionNames().filter((action) => values[`four_eyes_${action}`] === "yes");
    const typed = {
      networksText: values.allowed_networks ?? "",
      browserApproval: values.browser_approval === "yes",
      fourEyesActions,
    };
    if (!form.success) {
      return await accessPage(c, typed, { allowed_networks: { key: "form.tooLong", values: { max: 5000 } } }, 422);
    }
    const read = readNetworks(form.data.allowed_networks);
    if ("error" in read) return await accessPage(c, typed, { allowed_networks: read.error }, 422);

    const { db, clock } = c.var.deps;
    const scope = practiceActor(c);
    // Saving a list that leaves out the owner's own address would end their session at once.
    const address = clientAddress(c);
    const own = (await listMemberAccess(db, scope, clock.now())).find((m) => m.accountId === scope.accountId);
    if (read.networks.length && !own?.networkException && !addressAllowed(address, read.networks)) {
      return await accessPage(c, typed, {
        allowed_networks: { key: "access.networks.lockout", values: { address } },
      }, 422);
    }
    await saveAccessPolicy(db, scope, {
      allowedNetworks: read.networks,
      browserApproval: typed.browserApproval,
      fourEyesActions,
    }, requestFacts(c));
    return c.redirect("/practice/access?saved=1", 303);
  });

  app.post("/practice/access/members/:id", authorize("practice.policy"), requireFactorManagement(), async (c) => {
    const id = c.req.param("id");
    if (!isUuid(id)) return c.notFound();
    const values = await readForm(c);
    const saved = await saveMemberAccess(c.var.deps.db, practiceActor(c), id, {
      networkException: values.network_exception === "yes",
      approvesBrowsers: values.approves_browsers === "yes",
    }, requestFacts(c));
    if (!saved) return c.notFound();
    return c.redirect("/practice/access?saved=member", 303);
  });

  return app;
}
