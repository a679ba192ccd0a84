import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { Kafka, Partitioners, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { topicNames } from '@taxchain/contracts';
import { GENESIS_PREV_HASH, type LedgerEntry } from '@taxchain/ledger';
import { sealEntries, type ChainHead } from '@taxchain/ledger/append/seal-entries';
import { kafkaConfig } from '@taxchain/platform';
import { testConfig } from '@taxchain/platform/testing';
import { PlatformCluster } from '../scripts/infra/platform-cluster';
import { ensurePostgres } from '../scripts/infra/postgres';
import { cpuMs } from './process-cpu';

/**
 * CPU per entry of the reimbursement service's ledger feed, of one compiled tree (issue #17):
 * the service alone as a process on a fresh database, fed `invoice.issued` entries (valid links
 * and hashes, realistic payloads) straight into its Kafka topic at a steady rate from this
 * process, as the relay would publish them while invoices are issued. Counted from before the
 * first message until the feed's positions reach the last one: the service's CPU (and the same
 * less its idle CPU over as long, measured just before), its database backends' CPU, and the
 * entries a feed run applied on average.
 * `withEndpoint` of every `endpointEvery` buyers has a webhook endpoint (none by default, as in
 * the platform bench). Prints one JSON line.
 *   node dist/bench/feed-cpu.js <root> [perSecond] [seconds] [endpointEvery]
 * Run two trees alternately (bench/feed-cpu.sh) to compare them; BENCH_CPU_PROFILE_DIR=<dir>
 * profiles the service (bench/cpu-profile.preload.ts).
 */
const PRELOAD = resolve(__dirname, 'cpu-profile.preload.js');
const CHAINS = 4;
const TICK_MS = 10;
const WARM_UP = 2_000;
const IDLE_MS = 5_000;
const BUYERS = 200;

async function main(): Promise<void> {
  const root = resolve(process.argv[2] ?? '.');
  const perSecond = Number(process.argv[3] ?? 400);
  const seconds = Number(process.argv[4] ?? 20);
  const endpointEvery = Number(process.argv[5] ?? 0);
  const postgres = await ensurePostgres(() => undefined);
  const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
  const logDir = mkdtempSync(resolve(tmpdir(), 'taxchain-feed-cpu-'));
  const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  const cluster = await PlatformCluster.start({
    adminUrl: postgres.adminUrl,
    kafkaBrokers: brokers,
    instances: { issuing: 0, audit: 0, reimbursement: 1 },
    logDir,
    root,
    env: {
      LEDGER_CHAINS: String(CHAINS),
      LOG_LEVEL: 'info',
      ...(profileDir
        ? { NODE_OPTIONS: `--require ${PRELOAD}`, BENCH_CPU_PROFILE_DIR: profileDir }
        : {}),
    },
  });
  const db = new Client({ connectionString: cluster.databaseUrl });
  await db.connect();
  const kafka = new Kafka(
    kafkaConfig(testConfig(cluster.databaseUrl, { KAFKA_BROKERS: brokers }), 'feed-bench'),
  );
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    if (endpointEvery > 0) await addEndpoints(db, endpointEvery);
    const topic = topicNames(cluster.env.KAFKA_TOPIC_PREFIX ?? '').ledgerEntries;
    const entries = new IssuedEntries();
    const service = cluster.instances[0].process.pid ?? 0;
    await produce(producer, topic, entries.next(WARM_UP));
    await drained(db, entries.heads, service);
    const idleStart = cpuMs(service);
    await new Promise((done) => setTimeout(done, IDLE_MS));
    const idlePerMs = (cpuMs(service) - idleStart) / IDLE_MS;

    const runsBefore = await feedRuns(db);
    const backends = await backendPids(db);
    const before = { service: cpuMs(service), backends: sumCpu(backends) };
    const started = performance.now();
    const total = perSecond * seconds;
    const perTick = (perSecond * TICK_MS) / 1_000;
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.round(((performance.now() - started) / TICK_MS) * perTick));
      if (due > sent) {
        await produce(producer, topic, entries.next(due - sent));
        sent = due;
      }
      await new Promise((done) => setTimeout(done, TICK_MS));
    }
    await drained(db, entries.heads, service);
    const elapsedMs = performance.now() - started;
    // Backends that opened during the window count from their start.
    const after = await backendPids(db);
    const serviceMs = cpuMs(service) - before.service;
    let backendMs = 0;
    for (const pid of after) backendMs += cpuMs(pid) - (before.backends.get(pid) ?? 0);
    const runs = (await feedRuns(db)) - runsBefore;
    const deliveries = await db.query<{ n: string }>(
      'SELECT count(*)::text n FROM reimbursement.webhook_deliveries',
    );
    process.stdout.write(
      `${JSON.stringify({
        root,
        loadAverage: loadavg()[0],
        perSecond,
        entries: total,
        drainMs: Math.round(elapsedMs - seconds * 1_000),
        msPerEntry: {
          reimbursement: round(serviceMs / total),
          reimbursementLessIdle: round((serviceMs - idlePerMs * elapsedMs) / total),
          backends: round(backendMs / total),
        },
        idleMsPerSecond: Math.round(idlePerMs * 1_000),
        // Not independent of the load: a busier machine gathers more entries a fetch by itself.
        entriesPerRun: round(total / runs),
        deliveries: Number(deliveries.rows[0].n),
        rejoins: rejoins(logDir),
      })}\n`,
    );
  } finally {
    await producer.disconnect();
    await db.end();
    await cluster.close();
  }
}

/** invoice.issued entries of every chain in turn, sealed as the ledger seals them. */
class IssuedEntries {
  readonly heads: ChainHead[] = Array.from({ length: CHAINS }, (_, chain) => ({
    chain,
    seq: -1,
    hash: GENESIS_PREV_HASH,
  }));
  private issued = 0;

  next(count: number): LedgerEntry[] {
    const drafts: Array<Array<ReturnType<IssuedEntries['draft']>>> = this.heads.map(() => []);
    for (let i = 0; i < count; i += 1) {
      this.issued += 1;
      drafts[this.issued % CHAINS].push(this.draft(this.issued));
    }
    const recordedAt = new Date();
    return this.heads.flatMap((head, chain) => {
      if (drafts[chain].length === 0) return [];
      const sealed = sealEntries(head, drafts[chain], recordedAt);
      this.heads[chain] = sealed.head;
      return sealed.entries;
    });
  }

  private draft(n: number) {
    const invoiceNumber = String(26311_00000_00000_00000n + BigInt(n)).padStart(20, '0');
    const buyer = `91310000MA1FL${String(n % BUYERS).padStart(5, '0')}`;
    return {
      kind: 'invoice.issued',
      subject: invoiceNumber,
      actor: 'merchant:91310000MA1FL8XQ4C',
      actorSignature: randomBytes(64).toString('hex'),
      identity: `bench:${invoiceNumber}`,
      payload: {
        document: {
          schema: 'taxchain.invoice/1',
          kind: 'invoice',
          seller: { taxId: '91310000MA1FL8XQ4C', name: 'Shanghai Tea Co.' },
          buyer: { taxId: buyer, name: 'Pudong Tools' },
          documentNumber: `DOC-${n}`,
          issueDate: '2026-12-07',
          currency: 'CNY',
          lines: [
            line('Wuyi rock tea, 250 g tin', '3', '12.50', '0.13', '3750', '488'),
            line('Tasting service', '2', '8.80', '0.09', '1760', '158'),
          ],
          totals: { net: '5510', tax: '646', gross: '6156' },
          keyId: 'k1',
        },
        invoiceNumber,
        checkCode: String(n % 100_000_000).padStart(20, '0'),
      },
    };
  }
}

function line(
  description: string,
  quantity: string,
  unitPrice: string,
  taxRate: string,
  net: string,
  tax: string,
) {
  return { description, quantity, unitPrice, taxRate, net, tax };
}

async function produce(producer: Producer, topic: string, entries: LedgerEntry[]): Promise<void> {
  await producer.send({
    topic,
    messages: entries.map((entry) => ({
      partition: entry.chain,
      key: entry.subject,
      value: JSON.stringify(entry),
    })),
  });
}

/** Waits until the feed's position of every chain is its head's (failing if the service is gone). */
async function drained(db: Client, heads: ChainHead[], service: number): Promise<void> {
  for (;;) {
    if (cpuMs(service) === 0) throw new Error(`the service (pid ${service}) is gone`);
    const { rows } = await db.query<{ chain: number; seq: string }>(
      'SELECT chain, seq FROM reimbursement.feed_positions',
    );
    const at = new Map(rows.map((r) => [r.chain, Number(r.seq)]));
    if (heads.every((h) => (at.get(h.chain) ?? -1) >= h.seq)) return;
    await new Promise((done) => setTimeout(done, 20));
  }
}

/** A webhook endpoint for invoice.issued of every `every`-th buyer, disabled: its deliveries queue, unsent. */
async function addEndpoints(db: Client, every: number): Promise<void> {
  await db.query(
    `INSERT INTO reimbursement.webhook_endpoints
       (endpoint_id, company_tax_id, url, event_types, status, disabled_reason, disabled_at)
     SELECT gen_random_uuid(), '91310000MA1FL' || lpad(b::text, 5, '0'), 'https://192.0.2.1/hook',
            ARRAY['invoice.issued'], 'disabled', 'bench', now()
     FROM generate_series(0, $1::int - 1, $2::int) b`,
    [BUYERS, every],
  );
}

/**
 * The feed's runs so far that recorded invoices: each commits its invoices in one transaction,
 * so they share its xmin.
 */
async function feedRuns(db: Client): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    'SELECT count(DISTINCT xmin::text)::text AS n FROM reimbursement.invoices',
  );
  return Number(rows[0].n);
}

async function backendPids(db: Client): Promise<number[]> {
  const { rows } = await db.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  return rows.map((r) => r.pid);
}

function sumCpu(pids: number[]): Map<number, number> {
  return new Map(pids.map((pid) => [pid, cpuMs(pid)]));
}

function rejoins(dir: string): number {
  return readdirSync(dir)
    .map((file) => readFileSync(resolve(dir, file), 'utf8'))
    .reduce((n, log) => n + (log.match(/re-joining the group/g)?.length ?? 0), 0);
}

const round = (ms: number) => Math.round(ms * 1_000) / 1_000;

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
