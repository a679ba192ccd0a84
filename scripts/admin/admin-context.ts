import { DataSource } from 'typeorm';
// Deep imports, not the `@taxchain/platform` barrel: it would load every service's bootstrap.
import { accessMigrations } from '@taxchain/platform/access/store';
import { configSchema } from '@taxchain/platform/config/config.schema';
import { pendingMigrations } from '@taxchain/platform/database/pending-migrations';
import { runMigrations } from '@taxchain/platform/database/run-migrations';
import {
  createAdminServices,
  type AdminServices,
} from '../../apps/issuing/src/parties/admin-services';
import { ensurePostgres, platformDatabaseUrl } from '../infra/postgres';

// stdout carries the command's JSON result; progress goes to stderr.
const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Runs one admin command against DATABASE_URL (or the database `npm run migrate` finds). The
 * credential store's schema is checked with one query; it is migrated only when it is behind
 * (a fresh database being bootstrapped), so a warm call never runs TypeORM's migrator.
 */
export async function withAdminServices<T>(
  run: (services: AdminServices) => Promise<T>,
): Promise<T> {
  const env = configSchema.pick({ TAX_ID_PATTERN: true }).parse(process.env);
  const postgres = await ensurePostgres(log);
  try {
    const url = await platformDatabaseUrl(postgres);
    const db = await new DataSource({ type: 'postgres', url }).initialize();
    try {
      const pending = await pendingMigrations(db, accessMigrations);
      if (pending.length > 0) {
        log(`migrating the credential store: ${pending.join(', ')}`);
        await runMigrations(url, [accessMigrations]);
      }
      return await run(createAdminServices(db, env));
    } finally {
      await db.destroy();
    }
  } finally {
    await postgres.stop?.();
  }
}
