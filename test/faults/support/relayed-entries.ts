import type { Admin } from 'kafkajs';
import type { Pool } from 'pg';
import { pollUntil } from './poll-until';

/** Per chain: the entries in the ledger and the messages the relay put on its partition. */
export interface RelayedChain {
  chain: number;
  entries: number;
  messages: number;
}

/**
 * Waits until the relay has published every chain up to its head, then counts what is on each
 * partition of the entries topic: one message per entry when a single relay led each chain.
 */
export async function relayedEntries(
  db: Pool,
  admin: Admin,
  topic: string,
): Promise<RelayedChain[]> {
  await pollUntil(
    async () => {
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) n FROM ledger.heads h JOIN ledger.relay_watermarks w USING (chain)
          WHERE w.entries_seq <> h.seq`,
      );
      return Number(rows[0].n) === 0;
    },
    60_000,
    'the relay published every chain up to its head',
  );
  const { rows: heads } = await db.query<{ chain: number; seq: string }>(
    'SELECT chain, seq FROM ledger.heads ORDER BY chain',
  );
  const offsets = await admin.fetchTopicOffsets(topic);
  return heads.map(({ chain, seq }) => {
    const partition = offsets.find((o) => o.partition === chain);
    return {
      chain,
      entries: Number(seq) + 1,
      messages: partition ? Number(partition.high) - Number(partition.low) : 0,
    };
  });
}
