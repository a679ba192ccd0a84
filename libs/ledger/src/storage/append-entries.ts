import type { ChainHead } from '../append/seal-entries';
import type { LedgerEntry } from '../ledger-entry';
import { UNNEST_ENTRIES, entryArrays } from './insert-entries';
import type { Queryable } from './queryable';

/**
 * The write of a batch in one round trip, under the head lock the caller holds: the entries
 * (an identity already recorded is skipped, not an error, so the caller sees how many went in),
 * the new head, and a wake-up for the relay when it had published everything before this batch.
 * A busy relay needs none: it reads again, and waits on the head lock, before it sleeps
 * (EntryPublisher), and NOTIFY serialises the commits of every chain on one lock.
 */
export async function appendEntries(
  db: Queryable,
  from: ChainHead,
  entries: LedgerEntry[],
  to: ChainHead,
): Promise<{ inserted: number }> {
  const [row] = await db.query<Array<{ inserted: string }>>(
    `WITH inserted AS (${UNNEST_ENTRIES} ON CONFLICT (identity) DO NOTHING RETURNING 1),
          head AS (UPDATE ledger.heads SET seq = $14, hash = $15 WHERE chain = $13 RETURNING 1),
          wake AS (SELECT pg_notify('ledger_appended', $13::text) FROM ledger.relay_watermarks
                   WHERE chain = $13 AND entries_seq >= $16)
     SELECT (SELECT count(*) FROM inserted) AS inserted,
            (SELECT count(*) FROM head) + (SELECT count(*) FROM wake) AS touched`,
    [...entryArrays(entries), from.chain, to.seq, Buffer.from(to.hash, 'hex'), from.seq],
  );
  return { inserted: Number(row.inserted) };
}
