import { Client } from 'pg';

/**
 * Wakes chain workers when an append commits (NOTIFY ledger_appended, sent in the
 * appending transaction). Workers also poll, so a lost connection only adds latency.
 */
export class AppendNotifications {
  private client?: Client;

  constructor(
    private readonly url: string,
    private readonly onAppend: (chain: number) => void,
  ) {}

  async listen(): Promise<void> {
    if (this.client) return;
    const client = new Client({ connectionString: this.url, connectionTimeoutMillis: 3_000 });
    client.on('error', () => void this.close());
    client.on('notification', (message) => {
      const chain = Number(message.payload);
      if (Number.isInteger(chain)) this.onAppend(chain);
    });
    await client.connect();
    await client.query('LISTEN ledger_appended');
    this.client = client;
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
