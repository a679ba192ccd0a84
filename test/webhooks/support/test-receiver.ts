import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  type: string;
  data: Record<string, unknown>;
  at: number;
  /** What the receiver answered. */
  answered: number;
}

/** How the receiver behaves: acknowledge, fail after reading (503), or never answer. */
export type ReceiverMode = 'ok' | 'failing' | 'hanging';

/** A company's webhook receiver as a real HTTP server on loopback, recording every delivery. */
export class TestReceiver {
  readonly received: Received[] = [];
  mode: ReceiverMode = 'ok';
  /** How long it takes to answer (so that a test can kill the sender mid-delivery). */
  delayMs = 0;
  /** The most requests it has had open at once (one endpoint's deliveries are never concurrent). */
  maxConcurrent = 0;
  private open = 0;
  private server?: Server;
  private readonly waiting = new Set<() => void>();

  private constructor(public port: number) {}

  static async start(port = 0): Promise<TestReceiver> {
    const receiver = new TestReceiver(port);
    await receiver.up();
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  /** Listens again on the same port (after down()). */
  async up(): Promise<void> {
    const server = createServer((req, res) => {
      let body = '';
      this.open += 1;
      this.maxConcurrent = Math.max(this.maxConcurrent, this.open);
      res.once('close', () => (this.open -= 1));
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        if (this.mode === 'hanging') return; // holds the connection, never answers
        const answered = this.mode === 'ok' ? 204 : 503;
        setTimeout(() => {
          this.record(req.headers, body, answered);
          res.writeHead(answered).end();
        }, this.delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening: connections are refused until up(). */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  /** Acknowledged deliveries. */
  get delivered(): Received[] {
    return this.received.filter((r) => r.answered === 204);
  }

  /** Resolves once an acknowledged delivery satisfies `match`; fails after `timeoutMs`. */
  async waitFor(match: (r: Received) => boolean, timeoutMs = 15_000): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.delivered.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching delivery within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiting.delete(wake);
          resolve();
        };
        this.waiting.add(wake);
        setTimeout(wake, 50);
      });
    }
  }

  private record(headers: IncomingHttpHeaders, body: string, answered: number): void {
    const parsed = JSON.parse(body) as { type: string; data: Record<string, unknown> };
    this.received.push({
      id: String(headers['webhook-id']),
      timestamp: String(headers['webhook-timestamp']),
      signature: String(headers['webhook-signature']),
      body,
      type: parsed.type,
      data: parsed.data,
      at: Date.now(),
      answered,
    });
    for (const wake of [...this.waiting]) wake();
  }
}
