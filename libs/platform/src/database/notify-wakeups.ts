import { ChannelListener } from './channel-listener';

/** Wait before listening again after the connection failed or was lost. */
const RECONNECT_MS = 1_000;

/**
 * Calls `wake` on every NOTIFY of one channel, for a loop that sleeps until work is announced.
 * A lost LISTEN connection is re-established on its own, every second until it succeeds, and
 * each (re)connection wakes the loop too: what committed while nobody listened is looked at
 * then, so no wake-up is lost.
 */
export class NotifyWakeups {
  private readonly listener: ChannelListener;
  private retry?: NodeJS.Timeout;
  private closed = false;

  constructor(
    url: string,
    channel: string,
    private readonly wake: () => void,
  ) {
    this.listener = new ChannelListener(
      url,
      channel,
      () => wake(),
      () => this.listenSoon(),
    );
  }

  start(): void {
    void this.listen();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.listener.close();
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    try {
      if (await this.listener.listen()) this.wake();
    } catch {
      this.listenSoon();
    }
  }

  private listenSoon(): void {
    if (this.closed) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.listen(), RECONNECT_MS);
  }
}
