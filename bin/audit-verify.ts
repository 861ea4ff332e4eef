// deno task audit:verify [-- --practice <uuid>]: walks every audit chain (or one practice's) of
// the configured database, prints a line per chain and exits 1 when any chain is broken.
import { parseArgs } from "node:util";
import { loadConfig } from "../lib/config.ts";
import { isUuid } from "../lib/uuid.ts";
import { openEmbedded, openPostgres } from "../db/database.ts";
import { verifyAuditChains } from "../db/audit-verification.ts";

// `deno task audit:verify -- --practice <id>` passes the "--" on.
const { values } = parseArgs({
  args: Deno.args.filter((arg) => arg !== "--"),
  options: { practice: { type: "string" } },
});
if (values.practice !== undefined && !isUuid(values.practice)) {
  console.error(`--practice needs a practice id (a UUID), not "${values.practice}"`);
  Deno.exit(2);
}
const loaded = loadConfig(Deno.env.toObject());
if (!loaded.ok) {
  console.error("configuration problems:\n  " + loaded.errors.join("\n  "));
  Deno.exit(2);
}
const { config } = loaded;
const database = config.databaseUrl ? openPostgres(config.databaseUrl, 1) : await openEmbedded(config.dataDir);
let broken = 0;
try {
  for (const { practiceId, verdict, unsealed } of await verifyAuditChains(database.db, values.practice)) {
    const chain = practiceId ? `practice ${practiceId}` : "installation";
    const pending = unsealed ? `, ${unsealed} not sealed yet` : "";
    if (verdict.intact) {
      console.log(`${chain}: intact, ${verdict.events} events${pending}`);
    } else {
      broken++;
      console.log(
        `${chain}: BROKEN at event ${verdict.brokenAtSequence} (${verdict.reason}); ${verdict.events} events before it hold${pending}`,
      );
    }
  }
} finally {
  await database.close();
}
if (broken) {
  console.error(`${broken} broken chain(s)`);
  Deno.exit(1);
}
