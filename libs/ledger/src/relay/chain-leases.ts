import { Logger } from '@nestjs/common';
import { Client } from 'pg';

// advisory lock class for "leads this chain's relay and checkpoints"
const LEASE_CLASS = 74_610;
// advisory lock class for "an instance competing for chains is alive", keyed by backend pid
const PRESENCE_CLASS = 74_611;

const INSTANCES_ALIVE = `SELECT count(*)::int AS alive FROM pg_locks
  WHERE locktype = 'advisory' AND granted AND classid = $1
    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

/**
 * Leadership per chain across instances: a session-level advisory lock on a
 * dedicated connection. If this process dies or loses the connection, the locks
 * go with it and another instance takes the chains over. Each live instance
 * leads at most its fair share of the chains, so instances spread the work.
 */
export class ChainLeases {
  private readonly logger = new Logger(ChainLeases.name);
  private client?: Client;
  private readonly held = new Set<number>();
  private released = false;

  /** `onLost` runs as soon as the lease connection fails: the chains may already have another leader. */
  constructor(
    private readonly url: string,
    private readonly onLost: () => void,
  ) {}

  /** Tries to lead chains not led yet, up to this instance's share; returns the chains this process leads. */
  async acquire(chains: number): Promise<ReadonlySet<number>> {
    try {
      const client = await this.connection();
      const share = await this.share(client, chains);
      const offset = Math.floor(Math.random() * chains);
      for (let step = 0; step < chains && this.held.size < share; step += 1) {
        const chain = (offset + step) % chains;
        if (this.held.has(chain)) continue;
        const { rows } = await client.query<{ ok: boolean }>(
          'SELECT pg_try_advisory_lock($1, $2) AS ok',
          [LEASE_CLASS, chain],
        );
        if (rows[0].ok) this.held.add(chain);
      }
    } catch (error) {
      this.lose(error);
    }
    return this.held;
  }

  /** Chains held beyond this instance's share since more instances came alive (to hand over). */
  async surplus(chains: number): Promise<number[]> {
    try {
      const client = await this.connection();
      const share = await this.share(client, chains);
      return [...this.held].slice(share);
    } catch (error) {
      this.lose(error);
      return [];
    }
  }

  /** Lets another instance lead `chain`; call only once this process stopped working on it. */
  async yield(chain: number): Promise<void> {
    if (!this.held.delete(chain)) return;
    try {
      await this.client?.query('SELECT pg_advisory_unlock($1, $2)', [LEASE_CLASS, chain]);
    } catch (error) {
      this.lose(error);
    }
  }

  async release(): Promise<void> {
    this.released = true;
    const client = this.client;
    this.drop();
    await client?.end().catch(() => undefined);
  }

  private async share(client: Client, chains: number): Promise<number> {
    const { rows } = await client.query<{ alive: number }>(INSTANCES_ALIVE, [PRESENCE_CLASS]);
    return Math.ceil(chains / Math.max(1, rows[0].alive));
  }

  private async connection(): Promise<Client> {
    if (this.released) throw new Error('chain leases released');
    if (this.client) return this.client;
    const client = new Client({ connectionString: this.url, connectionTimeoutMillis: 3_000 });
    client.on('error', (error) => this.lose(error));
    client.on('end', () => this.lose(new Error('lease connection ended')));
    this.client = client;
    try {
      await client.connect();
      await client.query('SELECT pg_advisory_lock($1, pg_backend_pid())', [PRESENCE_CLASS]);
    } catch (error) {
      this.drop();
      throw error;
    }
    return client;
  }

  private lose(error: unknown): void {
    if (this.released || !this.client) return;
    this.logger.warn(
      `lost chain leases: ${error instanceof Error ? error.message : String(error)}`,
    );
    const hadChains = this.held.size > 0;
    this.drop();
    if (hadChains) this.onLost();
  }

  private drop(): void {
    this.held.clear();
    const client = this.client;
    this.client = undefined;
    client?.removeAllListeners('error');
    client?.removeAllListeners('end');
    client?.on('error', () => undefined);
    void client?.end().catch(() => undefined);
  }
}
