// The practice team: members and locations. Everyone in the team may see who belongs to it;
// changing it is the owner's.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceActor, requestFacts } from "./page.ts";
import { checkForm, personName, readForm } from "./validation.ts";
import { authorize } from "./middleware/access.ts";
import { permits } from "../lib/permissions.ts";
import { listLocations, listMembers, saveLocation } from "../db/team.ts";
import { TeamPage } from "../views/team/team-page.tsx";
import { LocationsPage } from "../views/team/locations-page.tsx";
import type { FieldErrors } from "../views/page-context.ts";

const locationForm = z.object({
  name: personName(120),
  address: z.string().trim().max(300, "form.tooLong").optional().default(""),
});

export function teamRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/team", authorize("team.view"), async (c) => {
    const { db, clock } = c.var.deps;
    const members = await listMembers(db, practiceActor(c), clock.now());
    return c.html(<TeamPage page={pageContext(c)} members={members} selfAccountId={c.var.session!.account.id} />);
  });

  const locationsPage = async (
    c: Context<AppEnv>,
    values: Record<string, string> = {},
    errors: FieldErrors = {},
    status: 200 | 422 = 200,
  ) => {
    const practice = c.var.session!.practice!;
    return c.html(
      <LocationsPage
        page={pageContext(c)}
        locations={await listLocations(c.var.deps.db, practiceActor(c))}
        canManage={permits(practice.role, practice.areas, "locations.manage")}
        values={values}
        errors={errors}
        saved={c.req.query("saved") === "1"}
      />,
      status,
    );
  };

  app.get("/team/locations", authorize("team.view"), (c) => locationsPage(c));

  app.post("/team/locations", authorize("locations.manage"), async (c) => {
    const values = await readForm(c);
    const form = checkForm(locationForm, values);
    if (!form.success) return await locationsPage(c, values, form.errors, 422);
    const outcome = await saveLocation(c.var.deps.db, practiceActor(c), form.data, requestFacts(c));
    if (outcome === "taken") return await locationsPage(c, values, { name: { key: "locations.taken" } }, 422);
    return c.redirect("/team/locations?saved=1", 303);
  });

  return app;
}
