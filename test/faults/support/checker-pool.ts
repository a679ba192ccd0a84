import { Pool } from 'pg';

/**
 * The test's own connection to the cluster's database, for its checks: one connection, taken
 * now and kept, because a shared server may be full by the time the checks run.
 */
export async function openCheckerPool(databaseUrl: string): Promise<Pool> {
  const db = new Pool({ connectionString: databaseUrl, max: 1, idleTimeoutMillis: 0 });
  await db.query('SELECT 1');
  return db;
}
