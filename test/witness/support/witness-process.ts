import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createRandomDatabase } from '@taxchain/platform/database/databases';

const cli = resolve(__dirname, '../../../dist/apps/cli/src/main.js');

/** How a `taxchain witness serve` run ended when it did not start. */
export interface FailedStart {
  code: number | null;
  stderr: string;
}

/**
 * `taxchain witness serve` as its own process, with its own key file and PostgreSQL database,
 * so a test can kill it, restart it on the same store, or give it an empty one.
 */
export class WitnessProcess {
  private child?: ChildProcess;
  url = '';
  readonly vkey: string;

  private constructor(
    readonly name: string,
    readonly keyFile: string,
    public databaseUrl: string,
    private readonly logs: readonly string[],
    readonly dropDatabases: Array<() => Promise<void>>,
    private port = 0,
  ) {
    const out = execFileSync(process.execPath, [
      cli,
      'witness',
      'keygen',
      '--name',
      name,
      '--key-file',
      keyFile,
    ]);
    this.vkey = (JSON.parse(out.toString()) as { vkey: string }).vkey;
  }

  static async create(dir: string, name: string, logs: readonly string[]): Promise<WitnessProcess> {
    const database = await newDatabase();
    const keyFile = join(dir, `${name.replace(/\W/g, '_')}.key`);
    return new WitnessProcess(name, keyFile, database.url, logs, [database.drop]);
  }

  /** Points the witness at a fresh, empty database: its store is lost. */
  async loseStore(): Promise<void> {
    const database = await newDatabase();
    this.databaseUrl = database.url;
    this.dropDatabases.push(database.drop);
  }

  /** Starts it and waits for its URL; on a restart it keeps its port, as clients know it by URL. */
  async start(...flags: string[]): Promise<void> {
    const outcome = await this.run(flags);
    if ('stderr' in outcome)
      throw new Error(`witness ${this.name} did not start: ${outcome.stderr}`);
  }

  /** Starts it expecting a refusal: how it exited and what it said. */
  async refusedStart(...flags: string[]): Promise<FailedStart> {
    const outcome = await this.run(flags);
    if (!('stderr' in outcome)) throw new Error(`witness ${this.name} started at ${outcome.url}`);
    return outcome;
  }

  async stop(signal: 'SIGKILL' | 'SIGTERM' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill(signal);
    await exited;
  }

  async dispose(): Promise<void> {
    await this.stop('SIGKILL');
    for (const drop of this.dropDatabases) await drop();
  }

  private run(flags: string[]): Promise<{ url: string } | FailedStart> {
    const args = [
      cli,
      'witness',
      'serve',
      '--key-file',
      this.keyFile,
      '--database-url',
      this.databaseUrl,
    ];
    args.push('--port', String(this.port), '--log', ...this.logs, ...flags);
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((done) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const started = /"url": "([^"]+)"/.exec(stdout);
        if (!started) return;
        this.url = started[1];
        this.port = Number(new URL(this.url).port);
        done({ url: this.url });
      });
      child.once('exit', (code) => done({ code, stderr }));
    });
  }
}

function newDatabase() {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
  if (!adminUrl)
    throw new Error('TEST_ADMIN_DATABASE_URL is not set: run tests through `npm test`');
  return createRandomDatabase(adminUrl, 'taxchain_witness');
}
