import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PlatformCluster } from '../scripts/infra/platform-cluster';
import { repoRoot } from '../scripts/infra/paths';
import { ensurePostgres } from '../scripts/infra/postgres';
import { presignInvoices, sendIssueLoad } from '../scripts/load/issue-load';
import { createLoadParties } from '../scripts/load/load-parties';
import { feedsDrained } from './feeds-drained';
import { machineInfo } from './machine';
import { cpuBetween, readCpu, type ProcessGroups } from './process-cpu';

/**
 * What an idle platform burns (issue #17): the platform as processes on a fresh database, a little
 * data (a few merchants and buyers, INVOICES invoices), then, once the feeds have applied it and
 * SETTLE seconds have passed, the CPU of each service and of the PostgreSQL backends it holds
 * (told apart by application_name) over SECONDS of idling, in ms of CPU per second.
 *
 *   npm run bench:idle -- [--seconds 60] [--settle 20] [--rounds 1] [--baseline <root>]
 *
 * A baseline root is another tree compiled beside this one (its dist/ is run; the database schema
 * is this tree's): each round measures it, then this tree, one after the other. Prints one JSON
 * line per measurement and a markdown row per service for bench/RESULTS.md.
 */
const INVOICES = 20;

interface Options {
  seconds: number;
  settle: number;
  rounds: number;
  baseline?: string;
}

interface Measurement {
  tree: string;
  loadAverage: [number, number];
  msPerSecond: Record<string, number>;
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  const postgres = await ensurePostgres(() => undefined);
  const trees = options.baseline ? [resolve(options.baseline), repoRoot] : [repoRoot];
  const runs: Measurement[] = [];
  for (let round = 0; round < options.rounds; round += 1)
    for (const tree of trees) {
      const run = await measure(tree, postgres.adminUrl, options);
      console.log(JSON.stringify(run));
      runs.push(run);
    }
  const machine = await describeMachine(postgres.adminUrl);
  console.log(`\nmachine: ${JSON.stringify(machine)}\n`);
  printTable(runs);
}

async function measure(tree: string, adminUrl: string, options: Options): Promise<Measurement> {
  const logDir = mkdtempSync(resolve(tmpdir(), 'taxchain-idle-logs-'));
  const cluster = await PlatformCluster.start({
    adminUrl,
    kafkaBrokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    logDir,
    root: tree,
  });
  try {
    await someData(cluster);
    await feedsDrained(cluster.databaseUrl);
    await new Promise((r) => setTimeout(r, options.settle * 1_000));
    const groups = await idleProcesses(cluster);
    const load = loadavg()[0];
    const start = readCpu(groups);
    const started = performance.now();
    await new Promise((r) => setTimeout(r, options.seconds * 1_000));
    const cpu = cpuBetween(start, readCpu(groups), groups);
    const seconds = (performance.now() - started) / 1_000;
    return {
      tree,
      loadAverage: [round(load), round(loadavg()[0])],
      msPerSecond: Object.fromEntries(
        Object.entries(cpu).map(([name, ms]) => [name, round(ms / seconds)]),
      ),
    };
  } finally {
    await cluster.close();
    rmSync(logDir, { recursive: true, force: true });
  }
}

/** Parties, keys and a few invoices through the real APIs, so that every chain has entries. */
async function someData(cluster: PlatformCluster): Promise<void> {
  const issuing = cluster.urls('issuing');
  const parties = await createLoadParties(cluster.databaseUrl, issuing[0], {
    merchants: 2,
    buyers: 2,
  });
  const requests = presignInvoices(
    parties.merchants,
    parties.buyers.map((b) => b.taxId),
    INVOICES,
  );
  const outcomes = await sendIssueLoad(requests, { urls: issuing, concurrency: 4 });
  const refused = outcomes.filter((o) => o.status !== 201);
  if (refused.length > 0)
    throw new Error(`issue answered ${refused[0].status}: ${refused[0].error}`);
}

/**
 * Each service's process, and the PostgreSQL backends each holds (the cluster names every
 * connection after its instance, `issuing-0`); backends of nobody's (autovacuum) are not there.
 */
async function idleProcesses(cluster: PlatformCluster): Promise<ProcessGroups> {
  const client = new Client({ connectionString: cluster.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number; application_name: string }>(
      `SELECT pid, application_name FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    const groups: ProcessGroups = {};
    for (const instance of cluster.instances) {
      groups[instance.name] = [instance.process.pid ?? 0];
      groups[`${instance.name} PostgreSQL`] = rows
        .filter((r) => r.application_name === `${instance.name}-0`)
        .map((r) => r.pid);
    }
    return groups;
  } finally {
    await client.end();
  }
}

async function describeMachine(adminUrl: string): Promise<object> {
  const db = await new DataSource({ type: 'postgres', url: adminUrl }).initialize();
  try {
    return await machineInfo(db);
  } finally {
    await db.destroy();
  }
}

/** One row per measurement: ms of CPU per second of each service and its backends. */
function printTable(runs: Measurement[]): void {
  const names = Object.keys(runs[0].msPerSecond);
  console.log(`| tree | load average | ${names.join(' | ')} | all |`);
  console.log(`| --- | --- | ${names.map(() => '---').join(' | ')} | --- |`);
  for (const run of runs) {
    const all = Object.values(run.msPerSecond).reduce((a, b) => a + b, 0);
    const cells = names.map((name) => run.msPerSecond[name].toFixed(1));
    console.log(
      `| ${run.tree} | ${run.loadAverage.join(' → ')} | ${cells.join(' | ')} | ${all.toFixed(1)} |`,
    );
  }
}

function parse(args: string[]): Options {
  const options: Options = { seconds: 60, settle: 20, rounds: 1 };
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--baseline') options.baseline = value;
    else if (flag === '--seconds' || flag === '--settle' || flag === '--rounds') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer`);
      options[flag.slice(2) as 'seconds' | 'settle' | 'rounds'] = n;
    } else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

const round = (n: number) => Math.round(n * 100) / 100;

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
