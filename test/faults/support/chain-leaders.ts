import type { Pool } from 'pg';

// The advisory lock class ChainLeases takes per chain (libs/ledger/src/relay/chain-leases.ts).
const LEASE_CLASS = 74_610;

/**
 * Which instance leads each chain's relay and checkpointer: the application_name of every
 * session holding the chain's advisory lock (PlatformCluster names sessions after instances).
 */
export async function chainLeaders(db: Pool): Promise<Map<number, string[]>> {
  const { rows } = await db.query<{ chain: number; holder: string }>(
    `SELECT l.objid::int AS chain, a.application_name AS holder
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objsubid = 2
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      ORDER BY chain, holder`,
    [LEASE_CLASS],
  );
  const leaders = new Map<number, string[]>();
  for (const { chain, holder } of rows) leaders.set(chain, [...(leaders.get(chain) ?? []), holder]);
  return leaders;
}
