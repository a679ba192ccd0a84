import { DataSource } from 'typeorm';
import { accessMigrations, configSchema, ensureDatabase, runMigrations } from '@taxchain/platform';
import {
  createAdminServices,
  type AdminServices,
} from '../../apps/issuing/src/parties/admin-services';
import { ensurePostgres } from '../infra/postgres';

// stdout carries the command's JSON result; progress goes to stderr.
const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Runs one admin command against DATABASE_URL (or the database `npm run migrate` finds),
 * after bringing the credential store's schema up to date.
 */
export async function withAdminServices<T>(
  run: (services: AdminServices) => Promise<T>,
): Promise<T> {
  const env = configSchema.pick({ TAX_ID_PATTERN: true }).parse(process.env);
  const postgres = await ensurePostgres(log);
  try {
    const url = process.env.DATABASE_URL ?? (await ensureDatabase(postgres.adminUrl, 'taxchain'));
    await runMigrations(url, [accessMigrations]);
    const db = await new DataSource({ type: 'postgres', url }).initialize();
    try {
      return await run(createAdminServices(db, env));
    } finally {
      await db.destroy();
    }
  } finally {
    await postgres.stop?.();
  }
}
