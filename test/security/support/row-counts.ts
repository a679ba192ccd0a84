import type { DataSource } from 'typeorm';

export type RowCounts = Record<string, number>;

/**
 * Written on the sealer's own clock (a checkpoint per interval once entries exist), and by the
 * audit's consumer of those checkpoints, not by requests.
 */
const BACKGROUND_TABLES = ['ledger.checkpoints', 'audit.checkpoints_seen'];

/**
 * A counter of the rows of every table in every application schema but the background ones: the
 * table list is read once, each count is one query (a UNION ALL over the tables). The names are
 * its parameters so that it is prepared (PreparingClient prepares only parameterised statements):
 * planning the ~30-branch union took twice as long as running it, and a fuzzer counts thousands
 * of times.
 */
export async function rowCounter(db: DataSource): Promise<() => Promise<RowCounts>> {
  const tables = await db.query<Array<{ name: string }>>(
    `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
      WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
        AND format('%I.%I', schemaname, tablename) <> ALL($1) ORDER BY 1`,
    [BACKGROUND_TABLES],
  );
  const names = tables.map(({ name }) => name);
  const query = names
    .map((name, i) => `SELECT $${i + 1}::text AS name, count(*)::int AS n FROM ${name}`)
    .join(' UNION ALL ');
  return async () => {
    const rows = await db.query<Array<{ name: string; n: number }>>(query, names);
    return Object.fromEntries(rows.map((row) => [row.name, row.n]));
  };
}

/** Row counts of every table in every application schema but the background ones. */
export async function rowCounts(db: DataSource): Promise<RowCounts> {
  return (await rowCounter(db))();
}

/**
 * The counts once nothing moves for `quietMs` and every feed has caught up with the ledger
 * (`caughtUp`): what a request set going (an invoice's entries reaching the read models through
 * Kafka) has landed.
 */
export async function settledRows(
  count: () => Promise<RowCounts>,
  caughtUp: () => Promise<boolean>,
  quietMs = 300,
  timeoutMs = 30_000,
): Promise<RowCounts> {
  const deadline = Date.now() + timeoutMs;
  let last = await count();
  for (;;) {
    await new Promise((done) => setTimeout(done, quietMs));
    const now = await count();
    const settled = !changedTables(last, now).length && (await caughtUp());
    if (settled || Date.now() > deadline) return now;
    last = now;
  }
}

/** The tables whose count differs, with before → after. */
export function changedTables(before: RowCounts, after: RowCounts): string[] {
  return Object.keys({ ...before, ...after })
    .filter((name) => before[name] !== after[name])
    .map((name) => `${name}: ${before[name] ?? 0} → ${after[name] ?? 0}`);
}
