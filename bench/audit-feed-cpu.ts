import { fork } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { cpuMs } from './process-cpu';

/**
 * CPU per entry of the audit service's feed, in its process and its database backends, for a
 * compiled tree (issue #17): the audit service of `<tree>/dist` runs in this process, its feed
 * started; a child process (an instance of the same service that does not consume the feed, its
 * connections named bench-append and not counted) appends `entries` invoice.issued entries over
 * `chains` chains at `rate` a second, as issuing does under load, so that the feed applies runs
 * of the size load gives them. Timed from the first append until every chain's position has
 * reached its head, after a warm-up of 10 % more entries (not counted). Prints one JSON line
 * (CPU in µs per entry).
 * With AUDIT_FEED_PROFILE=<file>, this process's CPU profile of the counted window alone (not the
 * start-up, migrations or warm-up) is written there (the profiler's own cost is in the figures).
 *   node dist/bench/audit-feed-cpu.js <tree> [entries] [chains] [rate]
 */
const SELLERS = 8;
const BUYERS = 16;
const APPENDER = 'bench-append';
const TICK_MS = 50;

interface Tree {
  auditService: { migrations: unknown };
  createServiceApp: (service: unknown, config: unknown) => Promise<INestApplication>;
  createTestDatabase: (sets: unknown) => Promise<{ url: string; drop(): Promise<void> }>;
  testConfig: (url: string, overrides: Record<string, string>) => unknown;
  ledger: Record<string, unknown>;
  contracts: Record<string, unknown>;
  DataSource: new () => DataSource;
}

function loadTree(tree: string): Tree {
  process.env.TEST_ADMIN_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  const load = <T>(path: string): T => require(resolve(tree, path)) as T; // eslint-disable-line @typescript-eslint/no-require-imports -- the tree's own modules, by path
  return {
    ...load<Pick<Tree, 'auditService'>>('dist/apps/audit/src/audit.service-definition'),
    ...load<Pick<Tree, 'createServiceApp'>>('dist/libs/platform/src'),
    ...load<Pick<Tree, 'createTestDatabase' | 'testConfig'>>('dist/libs/platform/src/testing'),
    ledger: load('dist/libs/ledger/src'),
    contracts: load('dist/libs/contracts/src'),
    ...load<Pick<Tree, 'DataSource'>>('node_modules/typeorm'),
  };
}

const configOf = (
  t: Tree,
  url: string,
  prefix: string,
  chains: number,
  key: string,
  workers: boolean,
) =>
  t.testConfig(url, {
    LEDGER_WORKERS: String(workers),
    KAFKA_TOPIC_PREFIX: prefix,
    AUTHORITY_KEY: key,
    LEDGER_CHAINS: String(chains),
    CHECKPOINT_INTERVAL_MS: '1000',
  });

async function main(): Promise<void> {
  const tree = resolve(process.argv[2] ?? '.');
  const entries = Number(process.argv[3] ?? 6_000);
  const chains = Number(process.argv[4] ?? 4);
  const rate = Number(process.argv[5] ?? 300);
  const t = loadTree(tree);
  const prefix = `b${randomUUID().slice(0, 8)}.`;
  const key = (t.ledger.toHex as (b: Uint8Array) => string)(
    (t.ledger.generateSecretKey as () => Uint8Array)(),
  );
  const database = await t.createTestDatabase(t.auditService.migrations);
  const app = await t.createServiceApp(
    t.auditService,
    // The relay and checkpointer run in the appender, as they run in issuing on the platform: only
    // the feed's work (and audit's own: the verifier's tail, the checkpoints' consumer) is counted.
    configOf(t, database.url, prefix, chains, key, false),
  );
  /**
   * Starts the appender; once it has booted, `append(n)` makes it append n entries and resolves
   * when they are committed. It stays up (relaying) until `stop`.
   */
  const startAppender = () =>
    new Promise<{ append: (count: number) => Promise<void>; stop: () => Promise<void> }>(
      (ready, fail) => {
        const child = fork(
          __filename,
          [tree, 'append', database.url, prefix, String(chains), key, String(rate)],
          { stdio: 'inherit' },
        );
        const exited = new Promise<void>((done) =>
          child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`appender: ${code}`)))),
        );
        child.once('message', () =>
          ready({
            append: (count) =>
              new Promise((appended) => {
                child.once('message', () => appended());
                child.send({ count });
              }),
            stop: () => {
              child.send({ count: 0 });
              return exited;
            },
          }),
        );
      },
    );
  let appender: Awaited<ReturnType<typeof startAppender>> | undefined;
  try {
    await app.init();
    await app.startAllMicroservices();
    const dataSource = app.get(t.DataSource);
    const applied = async () =>
      Number(
        (
          await dataSource.query<Array<{ n: string }>>(
            'SELECT coalesce(sum(seq + 1), 0) AS n FROM audit.feed_positions',
          )
        )[0].n,
      );
    const until = async (n: number) => {
      while ((await applied()) < n) await sleep(50);
    };
    const warmUp = Math.ceil(entries / 10);
    appender = await startAppender();
    await appender.append(warmUp);
    await until(warmUp);
    const load1 = loadavg()[0];
    const before = await backendCpu(dataSource);
    const profiler = await startProfile(process.env.AUDIT_FEED_PROFILE);
    const cpu = process.cpuUsage();
    const started = performance.now();
    await appender.append(entries);
    await until(warmUp + entries);
    const seconds = (performance.now() - started) / 1_000;
    const { user, system } = process.cpuUsage(cpu);
    await profiler?.stop();
    const after = await backendCpu(dataSource);
    let postgres = 0;
    for (const [pid, ms] of after) postgres += ms - (before.get(pid) ?? 0);
    const audit = (user + system) / 1_000 / entries;
    console.log(
      JSON.stringify({
        tree,
        entries,
        chains,
        rate,
        loadAverage: [round(load1), round(loadavg()[0])],
        perSecond: Math.round(entries / seconds),
        cpuUsPerEntry: {
          audit: Math.round(audit * 1_000),
          postgres: Math.round((postgres / entries) * 1_000),
          both: Math.round((audit + postgres / entries) * 1_000),
        },
      }),
    );
  } finally {
    await appender?.stop();
    await app.close();
    await database.drop();
  }
}

/** Profiles this process (1 ms samples) until `stop`, which writes the profile to `file`. */
async function startProfile(
  file: string | undefined,
): Promise<{ stop(): Promise<void> } | undefined> {
  if (!file) return undefined;
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((done, fail) =>
      session.post(method, params, (error, result) => (error ? fail(error) : done(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 1_000 });
  await post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** The database's client backends but the appender's, with the CPU each has used so far. */
async function backendCpu(dataSource: DataSource): Promise<Map<number, number>> {
  const rows = await dataSource.query<Array<{ pid: number }>>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database()
        AND backend_type = 'client backend' AND application_name <> $1`,
    [APPENDER],
  );
  return new Map(rows.map(({ pid }) => [pid, cpuMs(pid)]));
}

/** The child: appends `count` entries at `rate` a second through the tree's LedgerAppender. */
async function appendEntries(args: string[]): Promise<void> {
  const [tree, , url, prefix, chains, key, rate] = args;
  const t = loadTree(tree);
  const named = new URL(url);
  named.searchParams.set('application_name', APPENDER);
  const app = await t.createServiceApp(
    t.auditService,
    configOf(t, named.toString(), prefix, Number(chains), key, true),
  );
  await app.init();
  const issue = issuedEntries(t.contracts, t.ledger);
  const appender = app.get(t.ledger.LedgerAppender as new () => Appender);
  const perTick = Math.max(1, Math.round((Number(rate) * TICK_MS) / 1_000));
  const next = () =>
    new Promise<number>((got) => process.once('message', (m: { count: number }) => got(m.count)));
  process.send?.('ready');
  try {
    // Each message appends its count (then answers); a count of 0 ends the appender.
    for (let count = await next(); count > 0; count = await next()) {
      const started = performance.now();
      for (let done = 0; done < count; done += perTick) {
        await Promise.all(
          Array.from({ length: Math.min(perTick, count - done) }, () => appender.commit(issue())),
        );
        const due = started + ((done + perTick) / Number(rate)) * 1_000;
        await sleep(Math.max(0, due - performance.now()));
      }
      process.send?.('appended');
    }
  } finally {
    await app.close();
  }
}

interface Appender {
  commit(work: unknown): Promise<unknown>;
}

/** A new invoice.issued entry per call, among a few sellers and buyers, as the load's parties. */
function issuedEntries(
  contracts: Record<string, unknown>,
  ledger: Record<string, unknown>,
): () => unknown {
  const taxId = contracts.generateTaxId as (region: string) => string;
  const sellers = Array.from({ length: SELLERS }, () => taxId('350100'));
  const buyers = Array.from({ length: BUYERS }, () => taxId('310115'));
  const hashOf = (document: unknown) =>
    (ledger.toHex as (b: Uint8Array) => string)(
      (ledger.sha256 as (b: Uint8Array) => Uint8Array)(
        (ledger.canonicalBytes as (v: unknown) => Uint8Array)(document),
      ),
    );
  return () => {
    const number = `26${String(randomInt(1e9)).padStart(9, '0')}${String(randomInt(1e9)).padStart(9, '0')}`;
    const seller = sellers[randomInt(SELLERS)];
    const document = {
      schema: contracts.INVOICE_SCHEMA,
      kind: 'invoice',
      seller: { taxId: seller, name: `Seller ${seller.slice(-6)} Co., Ltd.` },
      buyer: { taxId: buyers[randomInt(BUYERS)], name: 'Pudong Tools Co., Ltd.' },
      documentNumber: `D-${number.slice(-10)}`,
      issueDate: new Date().toISOString().slice(0, 10),
      currency: 'CNY',
      lines: [
        {
          description: 'Oolong tea, 250 g',
          quantity: '2',
          unitPrice: '50.00',
          taxRate: '0.13',
          amount: '10000',
          tax: '1300',
        },
      ],
      totals: { net: '10000', tax: '1300', gross: '11300' },
      keyId: '0123456789abcdef0123456789abcdef',
    };
    const checkCode = contracts.checkCode as (n: string, hash: string) => string;
    const payload = {
      document,
      invoiceNumber: number,
      checkCode: checkCode(number, hashOf(document)),
    };
    const kind = (contracts.LedgerKinds as { invoiceIssued: string }).invoiceIssued;
    return {
      subject: number,
      run: () =>
        Promise.resolve({
          value: null,
          entries: [
            {
              kind,
              subject: number,
              actor: `merchant:${seller}`,
              payload,
              actorSignature: null,
              identity: randomUUID(),
            },
          ],
        }),
    };
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number) => Math.round(n * 100) / 100;

(process.argv[3] === 'append' ? appendEntries(process.argv.slice(2)) : main()).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
