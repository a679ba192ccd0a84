import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { PlatformCluster } from '../scripts/infra/platform-cluster';
import { ensurePostgres } from '../scripts/infra/postgres';
import { createLoadParties } from '../scripts/load/load-parties';
import { feedsDrained } from './feeds-drained';
import { planFor, runLoadProcess } from './issue-e2e.bench';
import { readStatements, writeStatementsPerInvoice } from './pg-statements';
import { cpuBetween, platformProcesses, readCpu, type ProcessGroups } from './process-cpu';

/**
 * CPU per accepted invoice, per process, of one compiled tree (issue #17): the platform as
 * processes, a warm-up step (not counted), then one closed-loop step of single `POST /invoices`
 * at concurrency C for D ms, counted from before it until both feeds (reimbursement, audit) have
 * applied every entry, so that the invoice's whole cost is in. Prints one JSON line.
 *   node dist/bench/invoice-cpu.js [concurrency] [durationMs] [batchSize]
 * With a batch size, the steps post `POST /invoices/batch` of that many invoices instead, C
 * batches in flight (C clients).
 * Run two trees alternately on the same machine (bench/invoice-cpu.sh) to compare them.
 * BENCH_PG_STATEMENTS=<file> writes what each statement cost the PostgreSQL backends per invoice
 * over the same window (pg_stat_statements) into that file.
 */
const PRELOAD = resolve(__dirname, 'cpu-profile.preload.js');
const IDLE_MS = 5_000;
const PRESIGN_PER_SECOND = 600;
/** Batches go faster: more pre-signed invoices per second of step (fewer would run out). */
const PRESIGN_BATCHED_PER_SECOND = 1_000;

async function main(): Promise<void> {
  const concurrency = Number(process.argv[2] ?? 64);
  const durationMs = Number(process.argv[3] ?? 20_000);
  const batchSize = process.argv[4] ? Number(process.argv[4]) : undefined;
  const presignPerSecond = batchSize ? PRESIGN_BATCHED_PER_SECOND : PRESIGN_PER_SECOND;
  const postgres = await ensurePostgres(() => undefined);
  const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
  const logDir = mkdtempSync(resolve(tmpdir(), 'taxchain-cpu-logs-'));
  const cluster = await PlatformCluster.start({
    adminUrl: postgres.adminUrl,
    kafkaBrokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    logDir,
    env: {
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
      ...(profileDir
        ? { NODE_OPTIONS: `--require ${PRELOAD}`, BENCH_CPU_PROFILE_DIR: profileDir }
        : {}),
    },
  });
  const work = mkdtempSync(resolve(tmpdir(), 'taxchain-cpu-'));
  try {
    const parties = await createLoadParties(cluster.databaseUrl, cluster.urls('issuing')[0], {
      merchants: 8,
      buyers: 16,
    });
    const services = Object.fromEntries(cluster.instances.map((i) => [i.name, i.process.pid ?? 0]));
    // No buyer probes: their look-ups are not the invoice's cost (the e2e bench has them). Few
    // pre-signed invoices: signing them runs inside the counted window, on the same cores.
    const step = (ms: number) => ({
      ...planFor(cluster, parties, concurrency, ms, presignPerSecond),
      probesPerSecond: 0,
      batchSize,
    });
    await runLoadProcess(work, 0, step(5_000));
    await feedsDrained(cluster.databaseUrl);
    await new Promise((r) => setTimeout(r, IDLE_MS)); // audit's verification of the warm-up
    // What the platform burns idle (audit's tail, the relay's polls, Kafka): subtracted below
    // for the step's length, so that a slow step is not charged for the clock.
    const idleGroups = await platformProcesses(services, cluster.databaseUrl);
    const idleStart = readCpu(idleGroups);
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const idle = cpuBetween(idleStart, readCpu(idleGroups), idleGroups);
    const load = loadavg()[0];
    const startedAt = Date.now();
    const statementsFile = process.env.BENCH_PG_STATEMENTS;
    const database = new URL(cluster.databaseUrl).pathname.slice(1);
    const statementsBefore = statementsFile && (await readStatements(postgres.adminUrl, database));
    const before = await platformProcesses(services, cluster.databaseUrl);
    const startCpu = readCpu(before);
    const result = await runLoadProcess(work, 1, step(durationMs));
    const drainMs = await feedsDrained(cluster.databaseUrl);
    const after = await platformProcesses(services, cluster.databaseUrl);
    const groups: ProcessGroups = Object.fromEntries(
      Object.entries(after).map(([name, pids]) => [name, [...new Set([...before[name], ...pids])]]),
    );
    const wallMs = Date.now() - startedAt;
    if (statementsFile && statementsBefore) {
      const statementsAfter = await readStatements(postgres.adminUrl, database);
      writeStatementsPerInvoice(statementsFile, statementsBefore, statementsAfter, result.accepted);
    }
    const cpu = cpuBetween(startCpu, readCpu(groups), groups);
    const busy = Object.fromEntries(
      Object.entries(cpu).map(([name, ms]) => [name, ms - (idle[name] * wallMs) / IDLE_MS]),
    );
    const perInvoice = (of: Record<string, number>) =>
      Object.fromEntries(
        Object.entries(of).map(([name, ms]) => [name, round(ms / result.accepted)]),
      );
    const sum = (of: Record<string, number>) =>
      round(Object.values(of).reduce((a, b) => a + b, 0) / result.accepted);
    console.log(
      JSON.stringify({
        tree: resolve(__dirname, '../..'),
        batchSize: batchSize ?? 1,
        loadAverage: [round(load), round(loadavg()[0])],
        accepted: result.accepted,
        refused: result.refused,
        acceptedPerSecond: Math.round(result.acceptedPerSecond),
        apiP50P99: [result.latencyMs.p50, result.latencyMs.p99],
        drainMs,
        windowMs: wallMs,
        presignMs: result.presignMs,
        exhausted: result.exhausted,
        perInvoiceMs: { all: sum(cpu), ...perInvoice(cpu) },
        perInvoiceLessIdleMs: { all: sum(busy), ...perInvoice(busy) },
        idleMsPerSecond: Object.fromEntries(
          Object.entries(idle).map(([name, ms]) => [name, round((ms * 1_000) / IDLE_MS)]),
        ),
        rejoins: rejoins(logDir),
        logBytes: logBytes(logDir),
      }),
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
    await cluster.close();
    rmSync(logDir, { recursive: true, force: true });
  }
}

/** Times a feed consumer was thrown out of its group, from the services' logs. */
function rejoins(dir: string): number {
  return logs(dir).reduce((n, log) => n + (log.match(/re-joining the group/g)?.length ?? 0), 0);
}

/** Bytes each service logged over the whole run. */
function logBytes(dir: string): Record<string, number> {
  return Object.fromEntries(
    readdirSync(dir).map((file) => [file, readFileSync(resolve(dir, file)).length]),
  );
}

const logs = (dir: string) =>
  readdirSync(dir).map((file) => readFileSync(resolve(dir, file), 'utf8'));

const round = (n: number) => Math.round(n * 100) / 100;

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
