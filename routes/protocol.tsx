// The audit protocol: GET /protocol reads the practice's log (owners, and a third party with the
// audit.read grant), filtered by the query; POST /protocol/verify walks the practice's chain and
// shows the verdict above the same page. Both are themselves recorded in the log.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { authorize } from "./middleware/access.ts";
import { pageContext, practiceActor, requestFacts } from "./page.ts";
import { checkForm, choice, optionalTyped, readId, readIsoDay, typed } from "./validation.ts";
import { protocolExport, type ProtocolFilter, readProtocol, verifyPracticeProtocol } from "../db/protocol.ts";
import { readAnchors } from "../lib/audit-anchors.ts";
import { CSV_HEADER, csvLine, eventRecord, JSON_END, jsonStart } from "../lib/audit-export.ts";
import type { ChainVerdict } from "../db/audit.ts";
import { ProtocolPage } from "../views/protocol/protocol-page.tsx";

const readKind = (text: string) => /^[a-z][a-z0-9_]{0,39}$/.test(text) ? text : null;
const readCursor = (text: string) => /^\d{1,18}$/.test(text) ? text : null;

const filterQuery = z.object({
  person: optionalTyped(readId, "protocol.invalidPerson"),
  patient: optionalTyped(readId, "protocol.invalidPatient"),
  kind: optionalTyped(readKind, "protocol.invalidKind"),
  from: optionalTyped(readIsoDay, "protocol.invalidDay"),
  to: optionalTyped(readIsoDay, "protocol.invalidDay"),
  before: optionalTyped(readCursor, "protocol.invalidCursor"),
});

const exportQuery = z.object({
  format: choice(["csv", "json"], "protocol.unknownFormat"),
  from: typed(readIsoDay, "protocol.invalidDay"),
  to: typed(readIsoDay, "protocol.invalidDay"),
});

const FILTER_FIELDS = ["person", "patient", "kind", "from", "to", "before"] as const;

async function protocolPage(c: Context<AppEnv>, verdict?: ChainVerdict) {
  const values: Record<string, string> = {};
  for (const name of FILTER_FIELDS) values[name] = c.req.query(name) ?? "";
  const parsed = checkForm(filterQuery, values);
  if (!parsed.success) {
    return c.html(<ProtocolPage page={pageContext(c)} values={values} errors={parsed.errors} events={null} />, 422);
  }
  const filter: ProtocolFilter = {
    actorAccountId: parsed.data.person,
    patientId: parsed.data.patient,
    kind: parsed.data.kind,
    from: parsed.data.from,
    to: parsed.data.to,
    before: parsed.data.before,
  };
  const events = await readProtocol(c.var.deps.db, practiceActor(c), filter, requestFacts(c));
  c.header("Cache-Control", "no-store");
  return c.html(<ProtocolPage page={pageContext(c)} values={values} errors={{}} events={events} verdict={verdict} />);
}

export function protocolRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/protocol", authorize("audit.read"), (c) => protocolPage(c));

  app.post("/protocol/verify", authorize("audit.read"), async (c) => {
    const verdict = await verifyPracticeProtocol(
      c.var.deps.db,
      practiceActor(c),
      c.var.deps.config.anchorDir,
      requestFacts(c),
    );
    return await protocolPage(c, verdict);
  });

  app.get("/protocol/export", authorize("audit.read"), async (c) => {
    const values = {
      format: c.req.query("format") ?? "",
      from: c.req.query("from") ?? "",
      to: c.req.query("to") ?? "",
    };
    const parsed = checkForm(exportQuery, values);
    if (!parsed.success) {
      return c.html(
        <ProtocolPage
          page={pageContext(c)}
          values={{}}
          errors={{}}
          exportValues={values}
          exportErrors={parsed.errors}
          events={null}
        />,
        422,
      );
    }
    const { format, from, to } = parsed.data;
    const actor = practiceActor(c);
    const facts = requestFacts(c);
    const anchors = await readAnchors(c.var.deps.config.anchorDir, actor.practiceId);
    const { head, batches } = await protocolExport(c.var.deps.db, actor, from, to, facts);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        if (format === "json") {
          controller.enqueue(encoder.encode(jsonStart({
            practiceId: actor.practiceId,
            from,
            to,
            exportedAt: facts.now.toISOString(),
            head,
            anchors,
          })));
        } else controller.enqueue(encoder.encode(CSV_HEADER));
        let first = true;
        for await (const batch of batches) {
          const text = format === "json"
            ? batch.map((event) => JSON.stringify(eventRecord(actor.practiceId, event))).join(",\n")
            : batch.map(csvLine).join("");
          controller.enqueue(encoder.encode(format === "json" && !first ? `,\n${text}` : text));
          first = false;
        }
        if (format === "json") controller.enqueue(encoder.encode(JSON_END));
        controller.close();
      },
    });
    return new Response(body, {
      headers: {
        "Content-Type": format === "json" ? "application/json; charset=utf-8" : "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="protokoll-${from}-${to}.${format}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  });

  return app;
}
