// The audit protocol: GET /protocol reads the practice's log (owners, and a third party with the
// audit.read grant), filtered by the query; POST /protocol/verify walks the practice's chain and
// shows the verdict above the same page. Both are themselves recorded in the log.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { authorize } from "./middleware/access.ts";
import { pageContext, practiceActor, requestFacts } from "./page.ts";
import { checkForm, optionalTyped, readId, readIsoDay } from "./validation.ts";
import { type ProtocolFilter, readProtocol, verifyPracticeProtocol } from "../db/protocol.ts";
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

  return app;
}
