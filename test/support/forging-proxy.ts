import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** What the proxy answers to GET `path`: another path's genuine answer, or these bytes. */
export type Forgery =
  | { path: string; from: string }
  | { path: string; body: string; status?: number; contentType?: string };

/**
 * test/support/forging-proxy-server.mjs as its own process between the CLI and a service: it relays
 * everything, but answers the paths given to `forge` with a forgery.
 */
export class ForgingProxy {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static start(upstream: string): Promise<ForgingProxy> {
    const script = resolve(__dirname, 'forging-proxy-server.mjs');
    const child = spawn(process.execPath, [script, upstream], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return new Promise((done, failed) => {
      child.once('error', failed);
      child.once('exit', (code) => failed(new Error(`forging proxy exited with ${code}`)));
      child.stdout?.once('data', (chunk: Buffer) => {
        const port = /^listening (\d+)/.exec(chunk.toString())?.[1];
        if (!port) return failed(new Error(`forging proxy said ${chunk.toString()}`));
        done(new ForgingProxy(child, `http://127.0.0.1:${port}`));
      });
    });
  }

  async forge(forgery: Forgery): Promise<void> {
    const answer = await fetch(`${this.url}/__forgery`, {
      method: 'PUT',
      body: JSON.stringify(forgery),
    });
    if (answer.status !== 204) throw new Error(`forging proxy refused the rule: ${answer.status}`);
  }

  async clear(): Promise<void> {
    await fetch(`${this.url}/__forgery`, { method: 'DELETE' });
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null) return Promise.resolve();
    return new Promise((done) => {
      this.child.removeAllListeners('exit');
      this.child.once('exit', () => done());
      this.child.kill('SIGTERM');
    });
  }
}
