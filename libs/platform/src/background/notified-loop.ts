import { NotifyWakeups } from '../database/notify-wakeups';
import { PollingLoop, type PollingLoopOptions } from './polling-loop';

/** The longest sleep without a notification: it only bounds one the database never sent. */
const SAFETY_POLL_MS = 30_000;

export interface NotifiedLoopOptions extends PollingLoopOptions {
  /** The database whose NOTIFY on `channel` announces work. */
  url: string;
  channel: string;
}

/**
 * A polling loop that sleeps until a NOTIFY on its channel announces work: rounds at most every
 * `pauseMs`, and while nothing is announced the pause doubles up to `idlePauseMs` (30 s unless
 * set), which only bounds a notification the database never sent. A LISTEN connection that comes
 * back wakes it, so what committed while nobody listened is not left for that long.
 */
export class NotifiedLoop {
  private readonly loop: PollingLoop;
  private readonly wakeups: NotifyWakeups;

  constructor(options: NotifiedLoopOptions, round: (signal: AbortSignal) => Promise<void>) {
    this.loop = new PollingLoop({ idlePauseMs: SAFETY_POLL_MS, ...options }, round);
    this.wakeups = new NotifyWakeups(options.url, options.channel, () => this.loop.wake());
  }

  start(): void {
    this.wakeups.start();
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.wakeups.close();
    await this.loop.stop();
  }
}
