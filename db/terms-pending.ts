// The one condition both the session lookup and the terms pages ask: must this account accept
// the current terms first? Its own module, so db/sessions.ts and db/terms.ts need not import
// each other.
import { sql } from "kysely";

/**
 * In a query over accounts: whether the account must accept the current version before using
 * anything (a person, not an operator; a version is published and that one not accepted). The
 * session lookup reads it along with the session (db/sessions.ts findSession).
 */
export const termsPending = sql<boolean>`(accounts.kind = 'person' and exists (select 1 from terms_versions)
  and not exists (select 1 from terms_acceptances ta where ta.account_id = accounts.id and ta.terms_version = (
    select tv.version from terms_versions tv order by tv.published_at desc, tv.version desc limit 1)))`;
