import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { dataDir, repoRoot } from './paths';

export type ServiceName = 'issuing' | 'reimbursement' | 'audit';

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  issuing: 3001,
  reimbursement: 3002,
  audit: 3003,
};

export interface RunningService {
  name: ServiceName;
  port: number;
  url: string;
  process: ChildProcess;
  /** Where its stdout and stderr go. */
  logFile: string;
  /** SIGTERM, then SIGKILL after the grace period; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** kill -9, for crash tests. */
  kill(): Promise<void>;
}

export interface ServiceOptions {
  name: ServiceName;
  port: number;
  env: NodeJS.ProcessEnv;
  logFile?: string;
  /** The tree whose dist/ runs (default this one): a baseline compiled beside it, for benches. */
  root?: string;
}

/**
 * Starts a compiled service (dist/) as its own process and waits until /health answers 200. A
 * process that exits fails at once; the wait only bounds a hang, and is long because three
 * services, PostgreSQL and Kafka starting together on two busy cores took over 60 s (benches
 * beside other test suites, load average 20).
 */
export async function startService(
  options: ServiceOptions,
  timeoutMs = 150_000,
): Promise<RunningService> {
  const root = options.root ?? repoRoot;
  const main = resolve(root, `dist/apps/${options.name}/src/main.js`);
  const portVariable = `${options.name.toUpperCase()}_PORT`;
  const logFile = options.logFile ?? resolve(dataDir, 'logs', `${options.name}.log`);
  mkdirSync(resolve(logFile, '..'), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['--enable-source-maps', main], {
    cwd: root,
    env: { ...process.env, ...options.env, [portVariable]: String(options.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${options.port}`;
  await waitHealthy(url, child, timeoutMs, logFile);
  const signal = async (name: NodeJS.Signals, graceMs: number) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(name);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return {
    name: options.name,
    port: options.port,
    url,
    process: child,
    logFile,
    stop: (graceMs = 10_000) => signal('SIGTERM', graceMs),
    kill: () => signal('SIGKILL', 0),
  };
}

async function waitHealthy(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${url}: the process exited with ${child.exitCode} (see ${logFile})`);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(3_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`${url}: not healthy within ${timeoutMs} ms (see ${logFile})`);
}
