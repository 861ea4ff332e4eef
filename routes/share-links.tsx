// The public side of share links: someone outside opens a shared document. GET shows a landing
// page (nothing is used up, so link previews do no harm); POST checks the code when the link
// has one, takes one use and streams the document. Unknown tokens answer 404; expired, used-up,
// revoked and locked links answer 410, and each refusal and opening is audited on the chain of
// the practice that shared the document.
import { Hono } from "hono";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, requestFacts } from "./page.ts";
import { readForm } from "./validation.ts";
import { renderError } from "./errors.tsx";
import { clientAddress } from "./middleware/client-address.ts";
import {
  findShareLinkByToken,
  type OpenedShareLink,
  recordWrongCode,
  refuseShareLink,
  releaseCodeAttempt,
  reserveCodeAttempt,
  takeShareLinkUse,
} from "../db/share-links.ts";
import { documentContentStream, findDocument } from "../db/documents.ts";
import { returnToBudget, takeFromBudget } from "../db/rate-limits.ts";
import { verifyAgainstDecoy, verifyPassword } from "../lib/password.ts";
import { contentDisposition } from "../lib/file-type.ts";
import type { FieldErrors } from "../views/page-context.ts";
import { SharePage } from "../views/documents/share-pages.tsx";

// Wrong codes per address and hour, across all links: each link locks after five anyway.
const WRONG_CODES_PER_ADDRESS_AND_HOUR = 20;

function landingPage(c: Context<AppEnv>, token: string, link: OpenedShareLink, errors: FieldErrors, status: 200 | 422) {
  return c.html(
    <SharePage
      page={pageContext(c)}
      token={token}
      practiceName={link.practiceName}
      contentType={link.contentType}
      byteSize={link.byteSize}
      expiresAt={link.expiresAt}
      usesLeft={link.usesLeft}
      needsCode={link.codeHash !== null}
      errors={errors}
    />,
    status,
  );
}

function gone(c: Context<AppEnv>) {
  return renderError(c, 410, "share.goneTitle", "share.goneBody");
}

/** The link of the token when it still works; otherwise the 404 or audited 410 response. */
async function usableLink(c: Context<AppEnv>, token: string): Promise<OpenedShareLink | Response> {
  const { db, clock } = c.var.deps;
  const link = await findShareLinkByToken(db, token, clock.now());
  if (!link) return c.notFound();
  if (link.status !== "active") {
    await refuseShareLink(db, link, link.status, requestFacts(c));
    return gone(c);
  }
  return link;
}

export function shareLinkRoutes() {
  const app = new Hono<AppEnv>();

  app.use("/share/*", async (c, next) => {
    await next();
    // The token is the key: keep the page out of search engines and out of Referer headers.
    c.header("X-Robots-Tag", "noindex, nofollow");
  });

  app.get("/share/:token", async (c) => {
    const token = c.req.param("token");
    const link = await usableLink(c, token);
    if (link instanceof Response) return link;
    return landingPage(c, token, link, {}, 200);
  });

  app.post("/share/:token", async (c) => {
    const { db, masterKey, clock } = c.var.deps;
    const token = c.req.param("token");
    const link = await usableLink(c, token);
    if (link instanceof Response) return link;
    const facts = requestFacts(c);

    if (link.codeHash !== null) {
      const code = ((await readForm(c)).code ?? "").replace(/\s+/g, "");
      const budgetKey = `share-code:${clientAddress(c)}`;
      if (await takeFromBudget(db, budgetKey, WRONG_CODES_PER_ADDRESS_AND_HOUR, 3_600_000, clock.now()) === null) {
        await verifyAgainstDecoy(code);
        return renderError(c, 429, "share.tooManyTitle", "share.tooManyBody");
      }
      const attempt = await reserveCodeAttempt(db, link);
      if (attempt === "locked" || attempt === "revoked") {
        await refuseShareLink(db, link, attempt, facts);
        return gone(c);
      }
      if (attempt === "busy") {
        await returnToBudget(db, budgetKey);
        return renderError(c, 429, "share.tooManyTitle", "share.busyBody");
      }
      const right = /^\d{1,12}$/.test(code) && await verifyPassword(link.codeHash, code);
      if (!right) {
        const locked = await recordWrongCode(db, link, facts);
        if (locked) return gone(c);
        return landingPage(c, token, link, { code: { key: "share.wrongCode" } }, 422);
      }
      await releaseCodeAttempt(db, link);
      await returnToBudget(db, budgetKey);
    }

    if (!await takeShareLinkUse(db, link, facts)) {
      await refuseShareLink(db, link, "used_up", facts);
      return gone(c);
    }
    const document = await findDocument(db, masterKey, { practiceId: link.practiceId }, link.documentId);
    if (!document) return c.notFound();
    return c.body(documentContentStream(db, masterKey, link.practiceId, document), 200, {
      "Content-Type": document.contentType,
      "Content-Length": String(document.byteSize),
      "Content-Disposition": contentDisposition("attachment", document.fileName),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    });
  });

  return app;
}
