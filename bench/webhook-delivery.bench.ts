import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { PlatformCluster } from '../scripts/infra/platform-cluster';
import { ensurePostgres } from '../scripts/infra/postgres';
import { createLoadParties } from '../scripts/load/load-parties';
import { machineInfo } from './machine';

/**
 * Webhook delivery at the e2e bench's load: 8 merchants issue to 16 buyer companies, each with
 * an endpoint on a receiver in this process, paced at RATE invoices/s (the e2e bench's 80 % step)
 * for SECONDS; latency is from the 201 to the receiver's reading of invoice.issued.
 * Baseline, same run, same pacing: this process POSTs the same bodies straight to the same
 * receiver (no platform), latency from the send to the reading.
 *
 *   bash scripts/run.sh bench/webhook-delivery.bench.ts [rate/s] [seconds]
 */
const RATE = Number(process.argv[2] ?? 60);
const SECONDS = Number(process.argv[3] ?? 20);
const DRAIN_MS = 60_000;

interface Run {
  sent: number;
  /** Sends answered (201 for issues), and per second from the first answer to the last. */
  answered: number;
  answeredPerSecond: number;
  received: number;
  /** Received per second, from the first send to the last reading. */
  ratePerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
}

/** A receiver that notes when each body arrives (keyed by what `key` reads in it), answering 204. */
async function receiver(
  key: (body: string) => string,
): Promise<{ server: Server; url: string; at: Map<string, number> }> {
  const at = new Map<string, number>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      at.set(key(body), performance.now());
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, at };
}

/** Calls `send(i)` RATE times a second for SECONDS, without waiting for answers; when each started. */
async function paced(
  send: (i: number) => Promise<string | undefined>,
): Promise<Map<string, number>> {
  const started = new Map<string, number>();
  const total = RATE * SECONDS;
  const t0 = performance.now();
  const inFlight: Array<Promise<void>> = [];
  for (let i = 0; i < total; i += 1) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((done) => setTimeout(done, wait));
    inFlight.push(
      send(i).then((id) => {
        if (id) started.set(id, performance.now());
      }),
    );
  }
  await Promise.all(inFlight);
  return started;
}

async function drained(started: Map<string, number>, at: Map<string, number>): Promise<void> {
  const deadline = Date.now() + DRAIN_MS;
  while (Date.now() < deadline && [...started.keys()].some((id) => !at.has(id)))
    await new Promise((done) => setTimeout(done, 100));
}

function figures(started: Map<string, number>, at: Map<string, number>, sent: number): Run {
  const latencies = [...started].flatMap(([id, t]) => (at.has(id) ? [at.get(id)! - t] : []));
  latencies.sort((a, b) => a - b);
  const q = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN);
  const first = Math.min(...started.values());
  const last = Math.max(...[...started.keys()].flatMap((id) => (at.has(id) ? [at.get(id)!] : [])));
  const answered = [...started.values()];
  return {
    sent,
    answered: answered.length,
    answeredPerSecond: Math.round((answered.length * 1000) / (Math.max(...answered) - first)),
    received: latencies.length,
    ratePerSecond: Math.round((latencies.length * 1000) / (last - first)),
    latencyMs: { p50: q(0.5), p99: q(0.99), max: Math.round(latencies.at(-1) ?? NaN) },
  };
}

async function main(): Promise<void> {
  const postgres = await ensurePostgres(() => undefined);
  const cluster = await PlatformCluster.start({
    adminUrl: postgres.adminUrl,
    kafkaBrokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    env: {
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
      WEBHOOKS_ALLOW_LOOPBACK: 'true',
    },
  });
  const db = await new DataSource({ type: 'postgres', url: cluster.databaseUrl }).initialize();
  try {
    const machine = await machineInfo(db);
    const issuing = cluster.urls('issuing')[0];
    const reimbursement = cluster.urls('reimbursement')[0];
    const parties = await createLoadParties(cluster.databaseUrl, issuing, {
      merchants: 8,
      buyers: 16,
    });
    const platformSide = await receiver(
      (body) => (JSON.parse(body) as { data: { invoiceNumber: string } }).data.invoiceNumber,
    );
    for (const buyer of parties.buyers) {
      const answer = await fetch(`${reimbursement}/webhooks/endpoints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${buyer.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url: platformSide.url, eventTypes: ['invoice.issued'] }),
      });
      if (answer.status !== 201) throw new Error(`registration answered ${answer.status}`);
    }
    // Signed before the clock starts, as the e2e bench's load generator does.
    const invoices = Array.from({ length: RATE * SECONDS }, (_, i) => {
      const merchant = parties.merchants[i % parties.merchants.length];
      const buyer = parties.buyers[i % parties.buyers.length];
      return {
        merchant,
        body: JSON.stringify(merchant.signer.signed(merchant.signer.invoice(buyer.taxId))),
      };
    });
    // A refused or reset request counts as not issued (sent − answered in the figures).
    const issued = await paced(async (i) => {
      const { merchant, body } = invoices[i];
      try {
        const answer = await fetch(`${issuing}/invoices`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${merchant.token}`,
            'content-type': 'application/json',
          },
          body,
        });
        const json = (await answer.json()) as { invoiceNumber?: string };
        return answer.status === 201 ? json.invoiceNumber : undefined;
      } catch {
        return undefined;
      }
    });
    await drained(issued, platformSide.at);
    const platform = figures(issued, platformSide.at, invoices.length);
    platformSide.server.close();

    // Baseline: the same receiver and pacing, bodies of a delivery's size, no platform.
    const bare = await receiver((body) => (JSON.parse(body) as { id: string }).id);
    const bareStarted = new Map<string, number>();
    await paced(async (i) => {
      const id = `b${i}`;
      const body = JSON.stringify({
        id,
        type: 'invoice.issued',
        pad: invoices[i].body.slice(0, 400),
      });
      bareStarted.set(id, performance.now());
      await new Promise<void>((done, fail) => {
        const req = httpRequest(
          bare.url,
          { method: 'POST', headers: { 'content-type': 'application/json' } },
          (res) => {
            res.resume();
            res.on('end', done);
          },
        );
        req.on('error', fail);
        req.end(body);
      });
      return undefined;
    });
    await drained(bareStarted, bare.at);
    const baseline = figures(bareStarted, bare.at, RATE * SECONDS);
    bare.server.close();
    process.stdout.write(
      `${JSON.stringify({ rate: RATE, seconds: SECONDS, machine, platform, baseline }, null, 2)}\n`,
    );
  } finally {
    await db.destroy();
    await cluster.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
