// Audit events are sealed into their chain by a background job; a test that verifies a chain
// right after a request seals first, as the job would within a second.
import type { Db } from "../../db/database.ts";
import { type ChainVerdict, verifyAuditChain } from "../../db/audit.ts";
import { sealAuditEvents } from "../../db/audit-sealer.ts";

export async function verifySealedChain(db: Db, practiceId: string | null): Promise<ChainVerdict> {
  await sealAuditEvents(db);
  return await verifyAuditChain(db, practiceId);
}
