import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@nestjs/common';
import { IdleBackoff, WakeSignal } from './wake-signal';

export interface PollingLoopOptions {
  /** Pause after each round: rounds never overlap, however long one takes. */
  pauseMs: number;
  /**
   * For a loop that is told of its work (wake(), e.g. on a NOTIFY): the pause doubles after each
   * round from `pauseMs` up to this, a wake ends it and starts it over. The first `pauseMs` is
   * always kept, so a stream of wakes never runs rounds closer together than without them.
   */
  idlePauseMs?: number;
  /** What the log says when a round fails, before the error ("sweep pass failed"). */
  failure: string;
  logger: Logger;
}

/**
 * A service's background work done in rounds until shutdown: a round that fails (PostgreSQL
 * restarting, say) is logged and the next one comes after the pause, so the loop never dies
 * and never rejects. `stop()` aborts the round's signal and waits for the round to end.
 */
export class PollingLoop {
  private readonly abort = new AbortController();
  private readonly wakeSignal = new WakeSignal();
  private readonly backoff?: IdleBackoff;
  private loop?: Promise<void>;

  constructor(
    private readonly options: PollingLoopOptions,
    private readonly round: (signal: AbortSignal) => Promise<void>,
  ) {
    if (options.idlePauseMs !== undefined)
      this.backoff = new IdleBackoff(options.pauseMs, options.idlePauseMs);
  }

  /** Aborted at shutdown: long rounds pass it on to stop early. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Work was announced: the next round comes after `pauseMs`; one announced during a round is kept. */
  wake(): void {
    this.backoff?.reset();
    this.wakeSignal.wake();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { signal } = this.abort;
    while (!signal.aborted) {
      try {
        await this.round(signal);
      } catch (error) {
        if (!signal.aborted) this.options.logger.error(`${this.options.failure}: ${String(error)}`);
      }
      await sleep(this.options.pauseMs, undefined, { signal }).catch(() => undefined);
      if (this.backoff)
        await this.wakeSignal.sleep(this.backoff.after(false) - this.options.pauseMs, signal);
    }
  }
}
