import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Keeps a background job at a steady rate of items per second: after each batch it waits until
 * the batch's share of time has passed since the pace started. Time lost to slow work is not
 * made up by a burst later (the schedule never falls more than one batch behind the clock).
 */
export class Pace {
  private due: number;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.due = now();
  }

  /** Milliseconds to wait after `items` more items (0 when the job is behind its rate). */
  delayAfter(items: number): number {
    const now = this.now();
    this.due =
      Math.max(this.due, now - (items * 1000) / this.perSecond) + (items * 1000) / this.perSecond;
    return Math.max(0, this.due - now);
  }

  /** Items per batch for about four batches a second (50 to 5,000): the pace stays even. */
  static batchFor(perSecond: number): number {
    return Math.min(5_000, Math.max(50, Math.round(perSecond / 4)));
  }

  async take(items: number, signal?: AbortSignal): Promise<void> {
    const wait = this.delayAfter(items);
    if (wait > 0) await sleep(wait, undefined, { signal });
  }
}
