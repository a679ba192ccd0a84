import { Logger } from '@nestjs/common';
import { Client } from 'pg';

// advisory lock class for "leads this chain's relay and checkpoints"
const LEASE_CLASS = 74_610;

/**
 * Leadership per chain across instances: a session-level advisory lock on a
 * dedicated connection. If this process dies or loses the connection, the locks
 * go with it and another instance takes the chains over.
 */
export class ChainLeases {
  private readonly logger = new Logger(ChainLeases.name);
  private client?: Client;
  private readonly held = new Set<number>();
  private released = false;

  constructor(private readonly url: string) {}

  /** Tries to lead every chain not led yet; returns the chains this process leads. */
  async acquire(chains: number): Promise<ReadonlySet<number>> {
    try {
      const client = await this.connection();
      for (let chain = 0; chain < chains; chain += 1) {
        if (this.held.has(chain)) continue;
        const { rows } = await client.query<{ ok: boolean }>(
          'SELECT pg_try_advisory_lock($1, $2) AS ok',
          [LEASE_CLASS, chain],
        );
        if (rows[0].ok) this.held.add(chain);
      }
    } catch (error) {
      this.logger.warn(
        `lost chain leases: ${error instanceof Error ? error.message : String(error)}`,
      );
      this.drop();
    }
    return this.held;
  }

  async release(): Promise<void> {
    this.released = true;
    const client = this.client;
    this.drop();
    await client?.end().catch(() => undefined);
  }

  private async connection(): Promise<Client> {
    if (this.released) throw new Error('chain leases released');
    if (this.client) return this.client;
    const client = new Client({ connectionString: this.url, connectionTimeoutMillis: 3_000 });
    client.on('error', () => this.drop());
    await client.connect();
    this.client = client;
    return client;
  }

  private drop(): void {
    this.held.clear();
    this.client?.removeAllListeners('error');
    this.client?.on('error', () => undefined);
    void this.client?.end().catch(() => undefined);
    this.client = undefined;
  }
}
