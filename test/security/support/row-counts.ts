import type { DataSource } from 'typeorm';

export type RowCounts = Record<string, number>;

/** Written on the sealer's own clock (a checkpoint per interval once entries exist), not by requests. */
const BACKGROUND_TABLES = ['ledger.checkpoints'];

/** Row counts of every table in every application schema but the background ones, in one round trip. */
export async function rowCounts(db: DataSource): Promise<RowCounts> {
  const tables = await db.query<Array<{ name: string }>>(
    `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
      WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
        AND format('%I.%I', schemaname, tablename) <> ALL($1) ORDER BY 1`,
    [BACKGROUND_TABLES],
  );
  const selects = tables.map(
    ({ name }) => `SELECT '${name}' AS name, count(*)::int AS n FROM ${name}`,
  );
  const rows = await db.query<Array<{ name: string; n: number }>>(selects.join(' UNION ALL '));
  return Object.fromEntries(rows.map((row) => [row.name, row.n]));
}

/** The tables whose count differs, with before → after. */
export function changedTables(before: RowCounts, after: RowCounts): string[] {
  return Object.keys({ ...before, ...after })
    .filter((name) => before[name] !== after[name])
    .map((name) => `${name}: ${before[name] ?? 0} → ${after[name] ?? 0}`);
}
