import type { DataSource } from 'typeorm';

/**
 * Whether every consuming service's feed (each schema with a feed_positions table) has applied
 * every chain up to the ledger's head, or stopped at a break it found. A quiet spell alone is
 * not proof that what earlier requests set going has landed: under load a read model's row can
 * come seconds after the entry it follows, and a fuzzer then blames it on the request after.
 */
export async function feedsCaughtUp(db: DataSource): Promise<() => Promise<boolean>> {
  const schemas = await db.query<Array<{ name: string }>>(
    `SELECT quote_ident(schemaname) AS name FROM pg_tables WHERE tablename = 'feed_positions'`,
  );
  const behind = schemas.map(
    ({ name }) => `SELECT 1 FROM ledger.heads h LEFT JOIN ${name}.feed_positions p USING (chain)
      WHERE coalesce(p.seq, -1) < h.seq AND NOT coalesce(p.broken, false)`,
  );
  if (!behind.length) return async () => true;
  const query = `SELECT NOT EXISTS (${behind.join(' UNION ALL ')}) AS "caughtUp"`;
  return async () => (await db.query<Array<{ caughtUp: boolean }>>(query))[0].caughtUp;
}
