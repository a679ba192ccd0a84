import { ensurePostgres, platformDatabaseUrl } from './infra/postgres';
import { runMigrations } from '@taxchain/platform';
import { allMigrationSets } from './infra/migration-sets';

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const postgres = await ensurePostgres(log);
  const url = await platformDatabaseUrl(postgres);
  try {
    const ran = await runMigrations(url, allMigrationSets);
    log(ran.length ? `migrated: ${ran.join(', ')}` : 'migrations: already up to date');
  } finally {
    await postgres.stop?.();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `migrate failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
