import { Client } from 'pg';

const DRAIN_LIMIT_MS = 120_000;

/** Waits until both feeds (reimbursement, audit) have applied every entry of every chain; returns how long it took. */
export async function feedsDrained(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const started = Date.now();
  try {
    for (;;) {
      const { rows } = await client.query<{ behind: string }>(
        `SELECT count(*)::text AS behind FROM ledger.heads h, (VALUES ('reimbursement'), ('audit')) s(schema)
         WHERE h.seq > -1 AND NOT EXISTS (
           SELECT 1 FROM reimbursement.feed_positions r WHERE s.schema = 'reimbursement' AND r.chain = h.chain AND r.seq >= h.seq
           UNION ALL
           SELECT 1 FROM audit.feed_positions a WHERE s.schema = 'audit' AND a.chain = h.chain AND a.seq >= h.seq)`,
      );
      if (rows[0].behind === '0') return Date.now() - started;
      if (Date.now() - started > DRAIN_LIMIT_MS) throw new Error('the feeds did not catch up');
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await client.end();
  }
}
