import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/**
 * A service compiled in dist/ running as its own process, so a test can kill it with SIGKILL at
 * any instant (mid-batch included) and start it again on the same port and database.
 * Its stderr goes to `logFile`, for when a test fails.
 */
export class FeedServiceProcess {
  private child?: ChildProcess;
  private constructor(
    private readonly script: string,
    private readonly env: Record<string, string>,
    private readonly logFile: string,
    readonly url: string,
  ) {}

  static async reimbursement(
    env: Record<string, string>,
    logFile: string,
  ): Promise<FeedServiceProcess> {
    const port = await freePort();
    const script = resolve(__dirname, '../../dist/apps/reimbursement/src/main.js');
    return new FeedServiceProcess(
      script,
      { ...env, REIMBURSEMENT_PORT: String(port) },
      logFile,
      `http://127.0.0.1:${port}`,
    );
  }

  /**
   * Starts the process and waits until it answers HTTP. A process that exits while starting
   * (the shared PostgreSQL out of connections, say) is started again, as an orchestrator would.
   */
  async start(): Promise<void> {
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const log = openSync(this.logFile, 'a');
      const child = spawn(process.execPath, [this.script], {
        env: { ...process.env, ...this.env },
        stdio: ['ignore', 'ignore', log],
      });
      this.child = child;
      if (await this.answers(child)) return;
      this.note(`exited ${child.exitCode} while starting (attempt ${attempt})`);
      await new Promise((done) => setTimeout(done, 1_000));
    }
    throw new Error(`service did not start; see ${this.logFile}`);
  }

  /** A SIGTERM not obeyed within 15 s becomes a SIGKILL. */
  async stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill(signal);
    const escalate = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(escalate);
  }

  /** A line in the log file, to read the faults in order beside the service's own lines. */
  note(line: string): void {
    appendFileSync(this.logFile, `--- ${new Date().toISOString()} ${line}\n`);
  }
  /** True once it answers HTTP, false if it exits first. */
  private async answers(child: ChildProcess): Promise<boolean> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) return false;
      const answered = await fetch(`${this.url}/health`).then(
        () => true,
        () => false,
      );
      if (answered) return true;
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error(`service did not answer in time; see ${this.logFile}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = address && typeof address === 'object' ? address.port : 0;
      server.close(() => done(port));
    });
  });
}
