/**
 * A sleep that work announced elsewhere (a NOTIFY, a sealed checkpoint) cuts short. A wake()
 * that comes while the loop is busy, not sleeping, is kept: the next sleep returns at once, so a
 * notification that arrives during a round is never slept through.
 */
export class WakeSignal {
  private pending = false;
  private resume?: () => void;

  wake(): void {
    this.pending = true;
    this.resume?.();
  }

  /** Sleeps up to `ms`, or until woken or aborted; true when woken. */
  sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
    if (this.pending || signal?.aborted) {
      this.pending = false;
      return Promise.resolve(true);
    }
    return new Promise((done) => {
      const finish = (woken: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', aborted);
        this.resume = undefined;
        this.pending = false;
        done(woken);
      };
      const aborted = () => finish(true);
      const timer = setTimeout(() => finish(false), ms);
      signal?.addEventListener('abort', aborted, { once: true });
      this.resume = aborted;
    });
  }
}

/**
 * How long a loop sleeps when it found nothing to do: `minMs` after a round that did work, then
 * twice as long after each idle round, up to `maxMs`. The long sleep is only a safety poll: work
 * wakes the loop (WakeSignal), so an idle platform costs next to nothing and a lost notification
 * only delays work by `maxMs`, never loses it.
 */
export class IdleBackoff {
  private current: number;

  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
  ) {
    this.current = minMs;
  }

  /** The pause after a round: `minMs` when it did work, else the next step up. */
  after(busy: boolean): number {
    if (busy) this.current = this.minMs;
    const pause = this.current;
    if (!busy) this.current = Math.min(this.maxMs, this.current * 2);
    return pause;
  }

  /** Work was announced: the next idle pause starts short again. */
  reset(): void {
    this.current = this.minMs;
  }
}
