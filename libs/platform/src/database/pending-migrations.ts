import type { DataSource } from 'typeorm';
import type { MigrationSet } from './migration-set';

const UNDEFINED_TABLE = '42P01';

/**
 * The names of a set's migrations not yet recorded in its schema's migrations table: one query,
 * so a one-shot command can check the schema on every call and migrate only when it is behind.
 */
export async function pendingMigrations(db: DataSource, set: MigrationSet): Promise<string[]> {
  let applied: Set<string>;
  try {
    const rows = await db.query<Array<{ name: string }>>(
      `SELECT name FROM "${set.schema}".migrations`,
    );
    applied = new Set(rows.map((row) => row.name));
  } catch (error) {
    if ((error as { code?: string }).code !== UNDEFINED_TABLE) throw error;
    applied = new Set();
  }
  return set.migrations
    .map((Migration) => new Migration().name ?? Migration.name)
    .filter((name) => !applied.has(name));
}
