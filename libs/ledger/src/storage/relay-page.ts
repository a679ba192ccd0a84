import { ENTRY_AS_PUBLISHED } from './entry-row';
import type { Queryable } from './queryable';

/** One entry as the relay publishes it: its JSON text, and what the Kafka message is keyed by. */
export interface RelayedEntry {
  seq: number;
  subject: string;
  kind: string;
  /** Byte for byte JSON.stringify(toEntry(row)): the LedgerEntry consumers parse. */
  json: string;
}

/**
 * Up to `limit` entries of a chain after `afterSeq`, in seq order, ready to publish. PostgreSQL
 * writes the JSON (row_to_json: compact, in column order) in C: the relay then neither decodes
 * twelve columns nor stringifies them (bench/profiles/README.md), and Kafka gets the same bytes.
 */
export async function relayPage(
  db: Queryable,
  chain: number,
  afterSeq: number,
  limit: number,
): Promise<RelayedEntry[]> {
  const rows = await db.query<Array<{ seq: string; subject: string; kind: string; json: string }>>(
    `SELECT e.seq, e.subject, e.kind, row_to_json(e)::text AS json
     FROM (SELECT ${ENTRY_AS_PUBLISHED} FROM ledger.entries WHERE chain = $1 AND seq > $2 ORDER BY seq LIMIT $3) e
     ORDER BY e.seq`,
    [chain, afterSeq, limit],
  );
  return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
}
