// Accepting a new version of the terms of use, or objecting to it. After the second factor, a
// person who has not accepted the current version sees only this page; an objection is
// recorded, the owners of their practices and the operators are told, and they are signed out.
import { Hono } from "hono";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, requestFacts } from "./page.ts";
import { readForm } from "./validation.ts";
import { clearCookie } from "./middleware/cookies.ts";
import { acceptTerms, currentTerms, mustAcceptTerms, objectToTerms } from "../db/terms.ts";
import { TermsAcceptancePage, TermsObjectedPage } from "../views/terms-acceptance-page.tsx";

/** A session that has passed the second factor; the terms come before everything else. */
function requireSignedIn(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = c.var.session;
    if (!session) return c.redirect("/sign-in", 303);
    if (!session.secondFactorAt) return c.redirect("/sign-in/second-factor", 303);
    if (session.purpose !== "sign_in") return c.redirect("/password/new", 303);
    await next();
  };
}

export function termsAcceptanceRoutes() {
  const app = new Hono<AppEnv>();
  app.use("/terms/accept", requireSignedIn());
  app.use("/terms/object", requireSignedIn());

  app.get("/terms/accept", async (c) => {
    const { db } = c.var.deps;
    const terms = await currentTerms(db);
    if (!terms || !await mustAcceptTerms(db, c.var.session!.account.id)) return c.redirect("/", 303);
    return c.html(<TermsAcceptancePage page={pageContext(c)} terms={terms} />);
  });

  app.post("/terms/accept", async (c) => {
    const version = (await readForm(c)).version ?? "";
    const { db } = c.var.deps;
    const outcome = await acceptTerms(db, c.var.session!.account.id, version.slice(0, 100), requestFacts(c));
    if (outcome === "accepted") return c.redirect("/", 303);
    return await showNewerVersion(c);
  });

  app.post("/terms/object", async (c) => {
    const version = (await readForm(c)).version ?? "";
    const session = c.var.session!;
    const { db, config } = c.var.deps;
    const person = { name: session.account.name, email: session.account.email };
    const outcome = await objectToTerms(
      db,
      session.account.id,
      version.slice(0, 100),
      (notice) => ({
        to: notice.to,
        language: notice.language,
        facts: { kind: "termsObjection", ...person, version, practiceName: notice.practiceName },
      }),
      requestFacts(c),
    );
    if (outcome === "outdated") return await showNewerVersion(c);
    c.var.deps.kickMailDelivery();
    clearCookie(c, config, "session");
    return c.redirect("/terms/objected", 303);
  });

  app.get("/terms/objected", (c) => c.html(<TermsObjectedPage page={pageContext(c)} />));

  return app;
}

/** A newer version came out while the person read the old one: they are shown the newer one. */
async function showNewerVersion(c: Parameters<MiddlewareHandler<AppEnv>>[0]) {
  const terms = await currentTerms(c.var.deps.db);
  if (!terms) return c.redirect("/", 303);
  return c.html(<TermsAcceptancePage page={pageContext(c)} terms={terms} changedMeanwhile />, 409);
}
