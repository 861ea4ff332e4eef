// Dunning: the overdue invoices whose next level is due, a run over the chosen ones (letters as
// PDF, each step recorded and audited), past runs and their letters, and the practice's levels.
// Another practice's run or letter answers 404.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceScope, queryNotice, requestFacts } from "./page.ts";
import {
  checkForm,
  multiLineText,
  onceValid,
  parseForm,
  readFormBody,
  readId,
  typed,
  wholeNumberBetween,
} from "./validation.ts";
import { authorize } from "./middleware/access.ts";
import {
  dunningLetterPdf,
  dunningLevels,
  dunningProposals,
  findDunningRun,
  listDunningRuns,
  runDunning,
  saveDunningLevels,
} from "../db/dunning.ts";
import { type LevelSetting, levelsInOrder } from "../lib/dunning.ts";
import { readEuroAmount } from "../lib/money.ts";
import { berlinDate } from "../lib/clock.ts";
import { isUuid } from "../lib/uuid.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import type { FieldErrors } from "../views/page-context.ts";
import { DunningPage, DunningRunPage, DunningSettingsPage } from "../views/billing/dunning-pages.tsx";

const NOTICES: Record<string, MessageKey> = { saved: "dunning.settingsSaved" };

const runForm = z.object({
  invoice_ids: z.union([z.string(), z.array(z.string())], { error: "dunning.noneSelected" })
    .transform((value) => (Array.isArray(value) ? value : [value]).map((id) => readId(id.trim())))
    .refine((ids) => ids.length > 0 && ids.length <= 500 && ids.every((id) => id !== null), "dunning.noneSelected")
    .transform((ids) => ids as string[]),
});

const fee = typed((text) => readEuroAmount(text, 10_000), "dunning.invalidFee");
const days = typed(wholeNumberBetween(1, 365), "dunning.invalidDays");
const levelsForm = z.object({
  days_1: days,
  days_2: days,
  days_3: days,
  fee_1: fee,
  fee_2: fee,
  fee_3: fee,
  text_1: multiLineText(2000),
  text_2: multiLineText(2000),
  text_3: multiLineText(2000),
}).refine((form) => form.days_2 > form.days_1, {
  message: "dunning.daysOrder",
  path: ["days_2"],
  ...onceValid("days_1", "days_2"),
}).refine((form) => form.days_3 > form.days_2, {
  message: "dunning.daysOrder",
  path: ["days_3"],
  ...onceValid("days_2", "days_3"),
});

function today(c: Context<AppEnv>): string {
  return berlinDate(c.var.deps.clock.now());
}

async function dunningPage(c: Context<AppEnv>, errors: FieldErrors = {}, status: 200 | 409 | 422 = 200) {
  const { db } = c.var.deps;
  const scope = practiceScope(c);
  const [proposals, runs] = await Promise.all([dunningProposals(db, scope, today(c)), listDunningRuns(db, scope)]);
  return c.html(
    <DunningPage
      page={pageContext(c)}
      proposals={proposals.map((p) => ({ ...p, level: p.level.level, feeCents: p.level.feeCents }))}
      runs={runs}
      errors={errors}
      notice={queryNotice(c, NOTICES)}
    />,
    status,
  );
}

function levelValues(levels: LevelSetting[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const level of levels) {
    values[`days_${level.level}`] = String(level.daysOverdue);
    values[`fee_${level.level}`] = (level.feeCents / 100).toFixed(2).replace(".", ",");
    values[`text_${level.level}`] = level.text;
  }
  return values;
}

export function dunningRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/billing/dunning", authorize("billing.read"), (c) => dunningPage(c));

  app.post("/billing/dunning/run", authorize("billing.write"), async (c) => {
    const parsed = checkForm(runForm, await readFormBody(c));
    if (!parsed.success) return dunningPage(c, parsed.errors, 422);
    const outcome = await runDunning(
      c.var.deps.db,
      practiceScope(c),
      parsed.data.invoice_ids,
      today(c),
      requestFacts(c),
    );
    if (!outcome.ok) return dunningPage(c, { invoice_ids: { key: "dunning.nothingDue" } }, 409);
    return c.redirect(`/billing/dunning/runs/${outcome.runId}?done=1`, 303);
  });

  app.get("/billing/dunning/runs/:id", authorize("billing.read"), async (c) => {
    const id = c.req.param("id");
    const found = isUuid(id) ? await findDunningRun(c.var.deps.db, practiceScope(c), id) : undefined;
    if (!found) return c.notFound();
    return c.html(
      <DunningRunPage
        page={pageContext(c)}
        runOn={found.run.runOn}
        letters={found.letters}
        done={c.req.query("done") === "1"}
      />,
    );
  });

  app.get("/billing/dunning/letters/:id", authorize("billing.read"), async (c) => {
    const id = c.req.param("id");
    const letter = isUuid(id)
      ? await dunningLetterPdf(c.var.deps.db, practiceScope(c), id, requestFacts(c))
      : undefined;
    if (!letter) return c.notFound();
    return new Response(letter.pdf as Uint8Array<ArrayBuffer>, {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="mahnung-${letter.level}-${letter.number}.pdf"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  });

  app.get("/billing/dunning/settings", authorize("billing.write"), async (c) => {
    const levels = await dunningLevels(c.var.deps.db, practiceScope(c));
    return c.html(<DunningSettingsPage page={pageContext(c)} values={levelValues(levels)} errors={{}} />);
  });

  app.post("/billing/dunning/settings", authorize("billing.write"), async (c) => {
    const parsed = await parseForm(c, levelsForm);
    if (!parsed.success) {
      return c.html(<DunningSettingsPage page={pageContext(c)} values={parsed.values} errors={parsed.errors} />, 422);
    }
    const form = parsed.data;
    const levels: LevelSetting[] = ([1, 2, 3] as const).map((level) => ({
      level,
      daysOverdue: form[`days_${level}`],
      feeCents: form[`fee_${level}`],
      text: form[`text_${level}`],
    }));
    if (!levelsInOrder(levels)) throw new Error("the form's rules keep the levels in order");
    await saveDunningLevels(c.var.deps.db, practiceScope(c), levels, requestFacts(c));
    return c.redirect("/billing/dunning?notice=saved", 303);
  });

  return app;
}
