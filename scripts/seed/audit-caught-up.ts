import { DataSource } from 'typeorm';

const POLL_MS = 200;

/**
 * Waits until the audit service's feed has applied everything the ledger holds now, or `timeoutMs`
 * passes (the audit may not be running: then the seed goes on, and says so).
 *
 * The audit applies its chains concurrently, so an invoice recorded later on one chain can reach
 * it before an earlier one on another. The demo's "first invoice of a seller to a buyer" must be
 * seen first, or a later, larger one is taken for it and flagged as a new-buyer anomaly the demo
 * never planted.
 */
export async function auditCaughtUp(databaseUrl: string, timeoutMs: number): Promise<boolean> {
  const db = await new DataSource({ type: 'postgres', url: databaseUrl }).initialize();
  try {
    const heads = await db.query<Array<{ chain: number; seq: string }>>(
      'SELECT chain, seq FROM ledger.heads',
    );
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const behind = await db
        .query<Array<{ n: string }>>(
          `SELECT count(*) n FROM unnest($1::int[], $2::bigint[]) AS h(chain, seq)
            LEFT JOIN audit.feed_positions p USING (chain)
            WHERE p.seq IS NULL OR p.seq < h.seq`,
          [heads.map((h) => h.chain), heads.map((h) => h.seq)],
        )
        .catch(() => [{ n: '1' }]); // no audit schema yet: not caught up
      if (Number(behind[0].n) === 0) return true;
      await new Promise((done) => setTimeout(done, POLL_MS));
    }
    return false;
  } finally {
    await db.destroy();
  }
}
