import { createRandomDatabase } from '../database/databases';
import type { MigrationSet } from '../database/migration-set';
import { runMigrations } from '../database/run-migrations';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, randomly named, fully migrated database on the server global setup provided. */
export async function createTestDatabase(sets: MigrationSet[]): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
  if (!adminUrl)
    throw new Error('TEST_ADMIN_DATABASE_URL is not set: run tests through `npm test`');
  const database = await createRandomDatabase(adminUrl);
  await runMigrations(database.url, sets);
  return database;
}
