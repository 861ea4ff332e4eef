// The public side of share links: someone outside opens a shared document. GET shows a neutral
// landing page (nothing is used up, so link previews do no harm, and nothing names the practice
// or the file: the practice's name can itself be health information); POST checks the code when
// the link has one, takes one use and streams the document. Unknown tokens answer 404; expired,
// used-up, revoked and locked links answer 410. Wrong codes lock out the address they come from
// (429), not the link. Openings and refusals are audited on the chain of the practice.
import { Hono } from "hono";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, requestFacts } from "./page.ts";
import { readForm } from "./validation.ts";
import { renderError } from "./errors.tsx";
import { clientAddress } from "./middleware/client-address.ts";
import {
  acceptCode,
  findShareLinkByToken,
  type OpenedShareLink,
  recordWrongCode,
  refuseShareLink,
  releaseAddressCodeAttempt,
  releaseCodeAttempts,
  reserveAddressCodeAttempt,
  reserveCodeAttempt,
  takeShareLinkUse,
} from "../db/share-links.ts";
import { documentContentStream, findDocument } from "../db/documents.ts";
import { returnToBudget, takeFromBudget } from "../db/rate-limits.ts";
import { verifyAgainstDecoy, verifyPassword } from "../lib/password.ts";
import { contentDisposition } from "../lib/file-type.ts";
import { guessingGroupOf } from "../lib/cidr.ts";
import type { FieldErrors } from "../views/page-context.ts";
import { SharePage } from "../views/documents/share-pages.tsx";

// Wrong codes per address and hour, across all links: each link locks the address after five.
const WRONG_CODES_PER_ADDRESS_AND_HOUR = 20;

function landingPage(c: Context<AppEnv>, token: string, link: OpenedShareLink, errors: FieldErrors, status: 200 | 422) {
  return c.html(
    <SharePage
      page={pageContext(c)}
      token={token}
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
      const address = guessingGroupOf(clientAddress(c));
      const budgetKey = `share-code:${address}`;
      if (await takeFromBudget(db, budgetKey, WRONG_CODES_PER_ADDRESS_AND_HOUR, 3_600_000, clock.now()) === null) {
        await verifyAgainstDecoy(code);
        return renderError(c, 429, "share.tooManyTitle", "share.tooManyBody");
      }
      const fromAddress = await reserveAddressCodeAttempt(db, link, address, facts.now);
      if (fromAddress.kind !== "reserved") {
        await returnToBudget(db, budgetKey);
        if (fromAddress.kind === "busy") return renderError(c, 429, "share.tooManyTitle", "share.busyBody");
        await refuseShareLink(db, link, "address_locked", facts);
        return renderError(c, 429, "share.tooManyTitle", "share.tooManyBody");
      }
      const attempt = await reserveCodeAttempt(db, link);
      if (attempt !== "reserved") await releaseAddressCodeAttempt(db, link, address);
      if (attempt === "locked" || attempt === "revoked") {
        await refuseShareLink(db, link, attempt, facts);
        return gone(c);
      }
      if (attempt === "busy") {
        await returnToBudget(db, budgetKey);
        return renderError(c, 429, "share.tooManyTitle", "share.busyBody");
      }
      const right = /^\d{1,12}$/.test(code) && await verifyPassword(link.codeHash, code).catch(async (error) => {
        // "Busy" (a full hashing queue) checked nothing: it must not count as a wrong code.
        await releaseCodeAttempts(db, link, address);
        await returnToBudget(db, budgetKey);
        throw error;
      });
      if (!right) {
        const documentUrl = new URL(`/documents/${link.documentId}`, c.var.deps.config.baseUrl).href;
        const outcome = await recordWrongCode(db, link, address, facts, documentUrl);
        if (outcome.linkLocked) return gone(c);
        if (outcome.addressLockedUntil) return renderError(c, 429, "share.tooManyTitle", "share.tooManyBody");
        return landingPage(c, token, link, { code: { key: "share.wrongCode" } }, 422);
      }
      await acceptCode(db, link, address);
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
