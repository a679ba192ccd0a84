import { Logger } from '@nestjs/common';
import type { EntryPublisher } from './entry-publisher';
import type { Checkpointer } from './checkpointer';
import type { CosignatureCollector } from './cosignature-collector';
import type { TaxChainMetrics } from '@taxchain/platform';

export interface ChainWorkerOptions {
  checkpointEvery: number;
  checkpointIntervalMs: number;
  /** Longest sleep without a notification: bounds latency if a NOTIFY is lost. */
  pollMs: number;
}

/**
 * The background loop of one chain this process leads: relay new entries, seal a
 * checkpoint when enough entries or time have passed, relay checkpoints, sleep
 * until woken by an append notification or the poll interval.
 */
export class ChainWorker {
  private readonly logger: Logger;
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private lastSeal = Date.now();

  constructor(
    readonly chain: number,
    private readonly publisher: EntryPublisher,
    private readonly checkpointer: Checkpointer | undefined,
    private readonly options: ChainWorkerOptions,
    private readonly metrics: TaxChainMetrics,
    private readonly collector?: CosignatureCollector,
  ) {
    this.logger = new Logger(`ChainWorker#${chain}`);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
    this.collector?.start();
  }

  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await Promise.all([this.loop, this.collector?.stop()]);
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (await this.step()) await this.sleep(this.options.pollMs);
      } catch (error) {
        this.logger.warn(
          `chain ${this.chain}: ${error instanceof Error ? error.message : String(error)}`,
        );
        await this.sleep(1_000);
      }
    }
  }

  /** One round of work; true when there is nothing left to do until woken. */
  private async step(): Promise<boolean> {
    const { sent, lag, settled } = await this.publisher.publishEntries();
    this.metrics.ledgerRelayLagEntries.set({ chain: String(this.chain) }, lag);
    if (this.checkpointer && (await this.dueForSeal())) {
      if (await this.checkpointer.seal()) this.collector?.wake();
      this.lastSeal = Date.now();
    }
    const checkpoints = await this.publisher.publishCheckpoints();
    return sent === 0 && settled && checkpoints === 0;
  }

  private async dueForSeal(): Promise<boolean> {
    const pending = await this.checkpointer!.unsealed();
    const age = pending === 0 ? 0 : (Date.now() - this.lastSeal) / 1_000;
    this.metrics.ledgerCheckpointAgeSeconds.set({ chain: String(this.chain) }, age);
    if (pending === 0) return false;
    return (
      pending >= this.options.checkpointEvery ||
      Date.now() - this.lastSeal >= this.options.checkpointIntervalMs
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((done) => {
      const timer = setTimeout(finish, ms);
      function finish() {
        clearTimeout(timer);
        done();
      }
      this.wakeUp = finish;
    });
  }
}
