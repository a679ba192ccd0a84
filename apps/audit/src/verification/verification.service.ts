import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { LedgerReader, LedgerSettings } from '@taxchain/ledger';
import { BreakAlarm } from './break-alarm.service';
import { ChainAudit, type ChainReport } from './chain-audit.service';
import type { RunResult, VerificationRun } from './verification-run';
import { VerificationRunsRepository } from './verification-runs.repository';
import { VerificationException } from './verification.exception';

/**
 * Full verification on demand: every chain from genesis, progress in verification_runs,
 * cancellable from any instance (the runner sees the state change at its next progress write).
 */
@Injectable()
export class VerificationService implements OnApplicationShutdown {
  private readonly logger = new Logger(VerificationService.name);
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly runs: VerificationRunsRepository,
    private readonly audit: ChainAudit,
    private readonly alarm: BreakAlarm,
    private readonly reader: LedgerReader,
    private readonly settings: LedgerSettings,
  ) {}

  async start(startedBy: string): Promise<VerificationRun> {
    const heads = await this.reader.heads();
    const total = heads.reduce((sum, head) => sum + head.size, 0);
    const run = await this.runs.create(randomUUID(), total, startedBy);
    const abort = new AbortController();
    this.running.set(run.id, abort);
    void this.execute(run.id, abort).finally(() => this.running.delete(run.id));
    return run;
  }

  async find(id: string): Promise<VerificationRun> {
    const run = await this.runs.find(id);
    if (!run) throw VerificationException.notFound(id);
    return run;
  }

  async cancel(id: string): Promise<VerificationRun> {
    const cancelled = await this.runs.cancel(id);
    if (!cancelled) {
      const run = await this.find(id);
      throw VerificationException.notRunning(id, run.state);
    }
    this.running.get(id)?.abort();
    return cancelled;
  }

  onApplicationShutdown(): void {
    for (const abort of this.running.values()) abort.abort();
  }

  private async execute(id: string, abort: AbortController): Promise<void> {
    const chains: ChainReport[] = [];
    try {
      const keys = await this.audit.keys();
      let before = 0;
      for (let chain = 0; chain < this.settings.chains; chain += 1) {
        abort.signal.throwIfAborted();
        const report = await this.audit.verify(chain, keys, {
          signal: abort.signal,
          // Not awaited (the verifier's callback is synchronous); the write after the chain is.
          onProgress: (p) =>
            void this.progress(id, before + p.verified, abort).catch(() => undefined),
        });
        chains.push(report);
        before += report.verified;
        await this.progress(id, before, abort);
        if (report.break) await this.alarm.raise(report.break, 'verifier', report);
        else this.alarm.intact(chain, 'genesis');
      }
      await this.runs.finish(id, 'done', { ok: chains.every((c) => c.ok), chains });
    } catch (error) {
      if (abort.signal.aborted) {
        // Cancelled: finish() leaves it cancelled and the partial result is kept. Otherwise
        // this instance is shutting down: the run fails rather than stay 'running' forever.
        const partial = { ok: false, chains, error: 'interrupted: the instance shut down' };
        await this.runs.finish(id, 'failed', partial).catch(() => undefined);
        await this.runs.keepPartial(id, { ok: false, chains }).catch(() => undefined);
        return;
      }
      this.logger.error(`verification ${id} failed: ${String(error)}`);
      const result: RunResult = { ok: false, chains, error: 'verification failed; see the logs' };
      await this.runs.finish(id, 'failed', result).catch(() => undefined);
    }
  }

  /** Records progress; aborts when the run was cancelled elsewhere. */
  private async progress(id: string, done: number, abort: AbortController): Promise<void> {
    if (!(await this.runs.progress(id, done))) abort.abort();
  }
}
