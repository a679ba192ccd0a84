import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Metrics } from '@taxchain/platform';
import { DataSource } from 'typeorm';
import { chainOf } from '../chain-of';
import { LedgerSettings } from '../ledger-settings';
import { BatchInterrupted, runChainTransaction } from './chain-transaction';
import { LedgerErrorCode, LedgerException } from './errors';
import type { PendingWork } from './pending-work';
import type { Committed, UnitOfWork } from './unit-of-work';
import { isRetryable } from './retryable';
import { isUnavailable } from '@taxchain/platform';

const MAX_ATTEMPTS = 4;

/**
 * Group commit per chain: while one transaction is in flight, new units of work
 * queue up and go together in the next one. Under light load a unit commits at
 * once (no linger); under heavy load a transaction carries up to LEDGER_BATCH_MAX.
 * Across processes, the chain head row lock orders the batches.
 */
@Injectable()
export class LedgerAppender implements OnApplicationShutdown {
  private readonly logger = new Logger(LedgerAppender.name);
  private readonly queues = new Map<number, PendingWork[]>();
  private readonly flushing = new Map<number, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: LedgerSettings,
    private readonly metrics: Metrics,
  ) {}

  commit<T, A = undefined>(unit: UnitOfWork<T, A>): Promise<Committed<T>> {
    if (this.stopped)
      return Promise.reject(
        new LedgerException(LedgerErrorCode.Stopped, 'no new ledger writes are accepted'),
      );
    const chain = chainOf(unit.subject, this.settings.chains);
    return new Promise<Committed<T>>((resolve, reject) => {
      const pending: PendingWork = { unit, resolve: resolve as PendingWork['resolve'], reject };
      const queue = this.queues.get(chain) ?? [];
      queue.push(pending);
      this.queues.set(chain, queue);
      this.kick(chain);
    });
  }

  /** Lets queued and in-flight work finish before the connection pool closes. */
  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.flushing.values()]);
  }

  private kick(chain: number): void {
    if (this.flushing.has(chain)) return;
    const run = this.drain(chain).finally(() => {
      this.flushing.delete(chain);
      // Work queued after drain's last look at the queue found the chain still flushing and
      // left it to this run: start again, or it would wait for some later commit (or forever).
      if (this.queues.get(chain)?.length) this.kick(chain);
    });
    this.flushing.set(chain, run);
  }

  private async drain(chain: number): Promise<void> {
    const queue = this.queues.get(chain);
    while (queue && queue.length > 0) {
      const batch = queue.splice(0, this.settings.batchMax);
      const deferred = await this.flush(chain, batch);
      queue.unshift(...deferred);
    }
  }

  private async flush(chain: number, batch: PendingWork[]): Promise<PendingWork[]> {
    const deferred: PendingWork[] = [];
    let attempt = 1;
    while (batch.length > 0) {
      const runner = this.dataSource.createQueryRunner();
      try {
        await runner.connect();
        const stopTimer = this.metrics.taxchain.ledgerAppendSeconds.startTimer();
        const settle = await runChainTransaction(runner, chain, batch);
        stopTimer();
        this.metrics.taxchain.ledgerAppendBatchSize.observe(batch.length);
        settle.forEach((done) => done());
        return deferred;
      } catch (error) {
        if (error instanceof BatchInterrupted) {
          error.settled.forEach((done) => done());
          deferred.push(...error.deferred);
          batch = error.remaining;
        } else if (attempt < MAX_ATTEMPTS && isRetryable(error)) {
          this.logger.warn(`chain ${chain}: batch of ${batch.length} retried (${describe(error)})`);
          await sleep(attempt * 20 * Math.random());
          attempt += 1;
        } else {
          return [...deferred, ...(await this.isolate(chain, batch, error))];
        }
      } finally {
        await runner.release().catch(() => undefined);
      }
    }
    return deferred;
  }

  /** A batch that keeps failing is split, so one unit cannot fail the others. */
  private async isolate(
    chain: number,
    batch: PendingWork[],
    error: unknown,
  ): Promise<PendingWork[]> {
    if (batch.length === 1 || isUnavailable(error)) {
      batch.forEach((work) => work.reject(error));
      return [];
    }
    const middle = Math.ceil(batch.length / 2);
    const left = await this.flush(chain, batch.slice(0, middle));
    const right = await this.flush(chain, batch.slice(middle));
    return [...left, ...right];
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
