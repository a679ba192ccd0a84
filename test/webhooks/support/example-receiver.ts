import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const EXAMPLE = resolve(__dirname, '../../../docs/examples/webhook-receiver.mjs');
const CLI = resolve(__dirname, '../../../dist/apps/cli/src/main.js');

/** A port free right now on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/**
 * A receiver as its own process, its output lines collected: docs/examples/webhook-receiver.mjs
 * run as the README says, or `taxchain webhooks listen`.
 */
export class ExampleReceiver {
  readonly lines: Array<{ line: string; at: number }> = [];
  /** Standard error, where refusals are told. */
  errors = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(
    publicKey: string,
    port: number,
    toleranceS?: number,
  ): Promise<ExampleReceiver> {
    return ExampleReceiver.spawn([EXAMPLE], port, {
      WEBHOOK_PUBLIC_KEY: publicKey,
      PORT: String(port),
      ...(toleranceS === undefined ? {} : { WEBHOOK_TOLERANCE_S: String(toleranceS) }),
    });
  }

  /** `taxchain webhooks listen --port <port> --public-key <publicKey>`, built in dist/. */
  static async cli(publicKey: string, port: number): Promise<ExampleReceiver> {
    const args = ['webhooks', 'listen', '--port', String(port), '--public-key', publicKey];
    return ExampleReceiver.spawn([CLI, ...args], port, {});
  }

  private static async spawn(
    args: string[],
    port: number,
    env: Record<string, string>,
  ): Promise<ExampleReceiver> {
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const receiver = new ExampleReceiver(child, port);
    child.stderr?.on('data', (chunk: Buffer) => (receiver.errors += chunk.toString('utf8')));
    let partial = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) receiver.lines.push({ line, at: Date.now() });
    });
    await receiver.listening();
    receiver.errors = ''; // the probes' refusals
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  /** Resolves with the first output line matching; fails after `timeoutMs`. */
  async waitForLine(
    match: (line: string) => boolean,
    timeoutMs = 15_000,
  ): Promise<{ line: string; at: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find((l) => match(l.line));
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no matching line within ${timeoutMs} ms: ${JSON.stringify(this.lines)}`);
      await new Promise((done) => setTimeout(done, 10));
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill();
    await exited;
  }

  /** Waits until the example accepts connections. */
  private async listening(): Promise<void> {
    for (let i = 0; i < 200; i += 1) {
      const ok = await fetch(`http://127.0.0.1:${this.port}/`, { method: 'POST', body: '' }).then(
        () => true,
        () => false,
      );
      if (ok) return;
      await new Promise((done) => setTimeout(done, 25));
    }
    throw new Error('the example receiver did not start');
  }
}
