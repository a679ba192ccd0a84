import { DataSource } from 'typeorm';
import type { MigrationSet } from './migration-set';

// One lock for every migrating process, so instances starting together migrate once.
const MIGRATION_LOCK = 7_461_001;

/**
 * Applies each owner's pending migrations, each owner tracking them in its own schema.
 * Returns the names of the migrations that ran.
 */
export async function runMigrations(url: string, sets: MigrationSet[]): Promise<string[]> {
  const ran: string[] = [];
  const lock = new DataSource({ type: 'postgres', url });
  await lock.initialize();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    for (const set of sets) ran.push(...(await migrateOne(url, set, lock)));
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.destroy();
  }
  return ran;
}

async function migrateOne(url: string, set: MigrationSet, lock: DataSource): Promise<string[]> {
  await lock.query(`CREATE SCHEMA IF NOT EXISTS "${set.schema}"`);
  const source = new DataSource({
    type: 'postgres',
    url,
    migrations: set.migrations,
    migrationsTableName: `${set.schema}.migrations`,
    migrationsTransactionMode: 'each',
  });
  await source.initialize();
  try {
    const done = await source.runMigrations();
    return done.map((m) => m.name);
  } finally {
    await source.destroy();
  }
}
