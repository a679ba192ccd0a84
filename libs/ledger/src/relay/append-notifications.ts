import { Client } from 'pg';

/**
 * Wakes chain workers when an append commits (NOTIFY ledger_appended, sent in the
 * appending transaction). Workers also poll, so a lost connection only adds latency.
 */
export class AppendNotifications {
  private client?: Client;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly onAppend: (chain: number) => void,
  ) {}

  async listen(): Promise<void> {
    if (this.client || this.closed) return;
    const client = new Client({ connectionString: this.url, connectionTimeoutMillis: 3_000 });
    // A lost connection is dropped; the next tick listens again (workers poll meanwhile).
    client.on('error', () => void this.drop());
    client.on('notification', (message) => {
      const chain = Number(message.payload);
      if (Number.isInteger(chain)) this.onAppend(chain);
    });
    await client.connect();
    await client.query('LISTEN ledger_appended');
    this.client = client;
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
