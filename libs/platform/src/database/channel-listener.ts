import { Client } from 'pg';

/**
 * LISTENs on one PostgreSQL channel on a connection of its own. A NOTIFY sent inside a
 * transaction arrives at its commit, so a listener learns of committed work at once. A lost
 * connection is dropped and the next listen() connects again: callers also poll, so a lost
 * notification only adds latency.
 */
export class ChannelListener {
  private client?: Client;
  /** The connection under way, so that a listen() called meanwhile does not open another. */
  private connecting?: Promise<boolean>;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly onNotify: (payload: string) => void,
    /** Called when an established connection is lost (not at close()). */
    private readonly onLost: () => void = () => undefined,
  ) {}

  /**
   * Listens unless it already does; true when it (re)connected now, so callers catch up on what
   * they missed. A call made while another connects waits for that one and answers false: one
   * connection, whose caller catches up.
   */
  async listen(): Promise<boolean> {
    if (this.client || this.closed) return false;
    if (this.connecting)
      return this.connecting.then(
        () => false,
        () => false,
      );
    this.connecting = this.connect();
    try {
      return await this.connecting;
    } finally {
      this.connecting = undefined;
    }
  }

  private async connect(): Promise<boolean> {
    const client = new Client({ connectionString: this.url, connectionTimeoutMillis: 3_000 });
    // Only this client's loss drops the listener: an old client ending late must not drop its successor.
    const lost = () => {
      if (this.client !== client) return;
      void this.drop();
      this.onLost();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (message) => this.onNotify(message.payload ?? ''));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      void client.end().catch(() => undefined);
      return false;
    }
    this.client = client;
    return true;
  }

  /** Stops listening for good (shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    await this.drop();
  }

  private async drop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
