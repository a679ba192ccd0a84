import { Logger } from '@nestjs/common';
import type { EntryPublisher } from './entry-publisher';
import type { Checkpointer } from './checkpointer';
import type { CosignatureCollector } from './cosignature-collector';
import { IdleBackoff, WakeSignal, type TaxChainMetrics } from '@taxchain/platform';

export interface ChainWorkerOptions {
  checkpointEvery: number;
  checkpointIntervalMs: number;
  /** First sleep once the chain is settled; each idle round doubles it, up to safetyPollMs. */
  pollMs: number;
  /** Longest sleep without a notification: bounds latency if a NOTIFY is lost. */
  safetyPollMs: number;
}

/**
 * The background loop of one chain this process leads: relay new entries, seal a
 * checkpoint when enough entries or time have passed, relay checkpoints, sleep
 * until woken by an append notification, a checkpoint falling due or the safety poll,
 * which backs off while nothing happens: an idle chain costs a few queries a minute.
 */
export class ChainWorker {
  private readonly logger: Logger;
  private running = false;
  private loop?: Promise<void>;
  private readonly wakeSignal = new WakeSignal();
  private readonly backoff: IdleBackoff;
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
    this.backoff = new IdleBackoff(options.pollMs, options.safetyPollMs);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
    this.collector?.start();
  }

  /** Work was announced (an append, a reconnected listener): a wake during a round is kept. */
  wake(): void {
    this.backoff.reset();
    this.wakeSignal.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await Promise.all([this.loop, this.collector?.stop()]);
  }

  private async run(): Promise<void> {
    let worked = true;
    while (this.running) {
      try {
        const sealDueInMs = await this.step();
        if (sealDueInMs === undefined) {
          worked = true;
          continue;
        }
        await this.wakeSignal.sleep(Math.min(this.backoff.after(worked), sealDueInMs));
        worked = false;
      } catch (error) {
        this.logger.warn(
          `chain ${this.chain}: ${error instanceof Error ? error.message : String(error)}`,
        );
        await this.wakeSignal.sleep(1_000);
      }
    }
  }

  /**
   * One round of work; undefined while there is more to do, else how long the chain may sleep
   * before a checkpoint falls due (Infinity with nothing unsealed). The round reads where the
   * chain stands once: a round that finds nothing new costs two statements.
   */
  private async step(): Promise<number | undefined> {
    const mark = await this.publisher.mark();
    const { lag, settled } = await this.publisher.publishEntries(mark);
    this.metrics.ledgerRelayLagEntries.set({ chain: String(this.chain) }, lag);
    const seal = this.checkpointer
      ? await this.sealIfDue(this.checkpointer, mark.head + 1 - mark.sealed)
      : { dueInMs: Infinity, sealed: false };
    const checkpoints =
      seal.sealed || mark.sealed > mark.checkpointsPublished
        ? await this.publisher.publishCheckpoints()
        : 0;
    return settled && checkpoints === 0 ? seal.dueInMs : undefined;
  }

  /**
   * Seals when enough entries or time have passed; returns the ms until the next seal is due,
   * and whether it sealed one.
   */
  private async sealIfDue(
    checkpointer: Checkpointer,
    pending: number,
  ): Promise<{ dueInMs: number; sealed: boolean }> {
    const sinceSeal = Date.now() - this.lastSeal;
    this.metrics.ledgerCheckpointAgeSeconds.set(
      { chain: String(this.chain) },
      pending === 0 ? 0 : sinceSeal / 1_000,
    );
    if (pending === 0) return { dueInMs: Infinity, sealed: false };
    const { checkpointEvery, checkpointIntervalMs } = this.options;
    if (pending < checkpointEvery && sinceSeal < checkpointIntervalMs)
      return { dueInMs: checkpointIntervalMs - sinceSeal, sealed: false };
    const sealed = (await checkpointer.seal()) !== undefined;
    if (sealed) this.collector?.wake();
    this.lastSeal = Date.now();
    return { dueInMs: checkpointIntervalMs, sealed };
  }
}
