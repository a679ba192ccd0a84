import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateSecretKey } from '@taxchain/ledger/crypto';
import { WitnessKey } from '@taxchain/ledger/witness/witness-key';
import { dropDatabase, ensureDatabase } from '@taxchain/platform';
import { dataDir, repoRoot } from './paths';

/** Where the demo's witnesses listen: `DEMO_WITNESS_PORTS`, comma separated. */
const PORTS = (process.env.DEMO_WITNESS_PORTS ?? '3101,3102').split(',').map(Number);

/** A demo witness's identity: its key under .data/witnesses/ and where it will listen. */
export interface DemoWitnessKey {
  name: string;
  vkey: string;
  keyFile: string;
  url: string;
  /** The key was just created: its store starts empty (`--new-store`). */
  fresh: boolean;
}

export interface RunningWitness {
  name: string;
  url: string;
  stop(): Promise<void>;
}

/**
 * The demo witnesses' keys, created on the first start and reused after: the platform is
 * configured with their vkeys (WITNESSES) before they run, as they follow the logs it serves.
 */
export function demoWitnessKeys(
  dir = resolve(dataDir, 'witnesses'),
  ports: readonly number[] = PORTS,
): DemoWitnessKey[] {
  mkdirSync(dir, { recursive: true });
  return ports.map((port, i) => {
    const keyFile = resolve(dir, `w${i + 1}.key`);
    const fresh = !existsSync(keyFile);
    if (fresh) {
      const created = WitnessKey.create(`witness.demo.local/w${i + 1}`, generateSecretKey());
      writeFileSync(keyFile, created.format(), { mode: 0o600, flag: 'wx' });
    }
    const key = WitnessKey.parse(readFileSync(keyFile, 'utf8'));
    return { name: key.name, vkey: key.vkey, keyFile, url: `http://127.0.0.1:${port}`, fresh };
  });
}

/** The WITNESSES setting naming these witnesses. */
export function witnessesSetting(keys: readonly DemoWitnessKey[]): string {
  return keys.map((key) => `${key.url} ${key.vkey}`).join(', ');
}

/**
 * Starts each demo witness as its own `taxchain witness serve` process with its own PostgreSQL
 * database (`<platform database>_witness_<n>`), following the logs the audit service lists in
 * GET /authority. A fresh key gets a fresh store; a kept key its kept store.
 */
export async function startDemoWitnesses(
  keys: readonly DemoWitnessKey[],
  adminUrl: string,
  databaseName: string,
  auditUrl: string,
): Promise<RunningWitness[]> {
  const authority = (await (await fetch(`${auditUrl}/authority`)).json()) as {
    logs: Array<{ vkeys: string[] }>;
  };
  const logs = authority.logs.flatMap((log) => log.vkeys);
  return Promise.all(
    keys.map(async (key, i) => {
      const database = `${databaseName}_witness_${i + 1}`;
      if (key.fresh) await dropDatabase(adminUrl, database);
      const databaseUrl = await ensureDatabase(adminUrl, database);
      return serve(key, databaseUrl, logs, `witness-${i + 1}`);
    }),
  );
}

function serve(
  key: DemoWitnessKey,
  databaseUrl: string,
  logs: string[],
  logName: string,
): Promise<RunningWitness> {
  const cli = resolve(repoRoot, 'dist/apps/cli/src/main.js');
  const logFile = resolve(dataDir, 'logs', `${logName}.log`);
  mkdirSync(resolve(logFile, '..'), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  const args = ['witness', 'serve', '--key-file', key.keyFile, '--database-url', databaseUrl];
  args.push('--port', new URL(key.url).port, '--log', ...logs);
  if (key.fresh) args.push('--new-store');
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  };
  return new Promise((done, fail) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('"url"')) done({ name: key.name, url: key.url, stop });
    });
    void exited.then(() =>
      fail(new Error(`witness ${key.name} exited with ${child.exitCode} (see ${logFile})`)),
    );
  });
}
