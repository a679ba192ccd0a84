import { Client, type QueryResultRow } from 'pg';

/** Advisory lock class for "delivers this endpoint's queue"; the key is hashtext(endpoint id). */
const DELIVERY_LOCK_CLASS = 74_620;

/**
 * One reimbursement instance at a time delivers an endpoint's queue: the one holding a
 * session-level advisory lock on the endpoint, taken on a connection of its own. A process that
 * dies (kill -9 included) or loses that connection loses its locks with it, and another instance
 * takes the endpoint over on its next sweep, from the oldest undelivered message. Two endpoints
 * whose ids hash alike share a lock: they are then delivered by one instance, never by two.
 */
export class EndpointLocks {
  private client?: Client;
  private connecting?: Promise<Client>;
  private readonly held = new Set<string>();
  /** Settles when the last statement sent on the session has. */
  private turn: Promise<void> = Promise.resolve();

  constructor(private readonly url: string) {}

  /** True if this process now delivers the endpoint (no other instance does). */
  async acquire(endpointId: string): Promise<boolean> {
    const { rows } = await this.query<{ ok: boolean }>(
      'SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok',
      [DELIVERY_LOCK_CLASS, endpointId],
    );
    if (rows[0].ok) this.held.add(endpointId);
    return rows[0].ok;
  }

  /**
   * True if the lock is still this process's: its connection answers, so the session that holds
   * it lives. Asked before each send, so that a lost connection stops the loop before another
   * instance's could start on the same endpoint.
   */
  async holds(endpointId: string): Promise<boolean> {
    if (!this.held.has(endpointId) || !this.client) return false;
    try {
      await this.query('SELECT 1');
      return this.held.has(endpointId);
    } catch {
      await this.drop();
      return false;
    }
  }

  async release(endpointId: string): Promise<void> {
    if (!this.held.delete(endpointId)) return;
    if (!this.client) return;
    await this.query('SELECT pg_advisory_unlock($1, hashtext($2))', [
      DELIVERY_LOCK_CLASS,
      endpointId,
    ]).catch(() => this.drop());
  }

  async close(): Promise<void> {
    await this.drop();
  }

  /**
   * One statement on the locks' session, after those already sent: the endpoints' loops share
   * it, and a pg client given a query while it runs another only queues it with a deprecation
   * warning (an error from pg 9 on).
   */
  private query<R extends QueryResultRow>(text: string, values?: unknown[]) {
    const result = this.turn.then(async () => (await this.connection()).query<R>(text, values));
    this.turn = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private async connection(): Promise<Client> {
    if (this.client) return this.client;
    this.connecting ??= (async () => {
      const client = new Client({ connectionString: this.url, connectionTimeoutMillis: 3_000 });
      client.on('error', () => {
        if (this.client === client) void this.drop();
      });
      try {
        await client.connect();
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      this.client = client;
      return client;
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /** The session is gone, and every lock it held with it. */
  private async drop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.held.clear();
    await client?.end().catch(() => undefined);
  }
}
