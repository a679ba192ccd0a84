import 'reflect-metadata';
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { createRandomDatabase, runMigrations } from '@taxchain/platform';
import { generateSecretKey, ledgerMigrations, Checkpointer } from '@taxchain/ledger';
import { ledgerHarness, type LedgerHarness } from '@taxchain/ledger/testing/ledger-harness';
import { ensurePostgres } from '../scripts/infra/postgres';
import { ensureKafka } from '../scripts/infra/kafka';
import { machineInfo } from './machine';
import { summarize } from './stats';
import {
  batchedInserts,
  createBaselineTable,
  ledgerAppends,
  plainInserts,
} from './ledger-append.bench';
import { cryptoBench } from './crypto.bench';
import { bareProducerRate, relayRate, seedForRelay } from './relay.bench';
import { bulkSeed } from './bulk-seed';
import { verifyBench } from './verify.bench';
import { sweepBench } from './sweep.bench';
import { BenchReport } from './bench-report';
import { issueE2e } from './issue-e2e.bench';
import { scaleBench } from './scale.bench';

// The quick run is a smoke of every benchmark in a few minutes; the full run gives the figures.
const QUICK = {
  append: { entries: 5_000, concurrency: 64, batch: 500 },
  crypto: 1_000,
  relay: 10_000,
  verify: { chains: 4, perChain: 5_000 },
  e2e: { concurrencies: [8, 32, 128, 256], stepMs: 2_000, sustainedMs: 0, eightyMs: 2_000 },
  scale: { invoices: 20_000, lookups: 200 },
};
const FULL = {
  append: { entries: 50_000, concurrency: 128, batch: 500 },
  crypto: 10_000,
  relay: 200_000,
  verify: { chains: 4, perChain: 250_000 },
  e2e: { concurrencies: [8, 32, 128, 256], stepMs: 10_000, sustainedMs: 60_000, eightyMs: 20_000 },
  scale: { invoices: 10_000_000, lookups: 1_000 },
};
const BENCHMARKS = ['append', 'crypto', 'relay', 'verify', 'e2e', 'scale'] as const;
/** The benchmarks that talk to Kafka; the others only load a configuration that names a broker. */
const NEED_BROKER = new Set(['relay', 'e2e', 'scale']);

async function main(): Promise<void> {
  const options = new Command()
    .option('--full', 'the long run', false)
    .option('--repetitions <n>', 'repetitions per measurement', '3')
    .option('--only <names>', `comma-separated subset of ${BENCHMARKS.join(',')}`)
    .option('--invoices <n>', 'invoices in the database for the scale benchmark')
    .option(
      '--profile <dir>',
      'profile every service through the e2e run, writing .cpuprofile files there (not recorded)',
    )
    .parse()
    .opts<{
      full: boolean;
      repetitions: string;
      only?: string;
      invoices?: string;
      profile?: string;
    }>();
  const plan = options.full ? FULL : QUICK;
  const selected = new Set(options.only?.split(',') ?? BENCHMARKS);
  const scaleInvoices = Number(options.invoices ?? plan.scale.invoices);
  const repetitions = Number(options.repetitions);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const postgres = await ensurePostgres(log);
  // Like `npm test`: KAFKA_BROKERS when given, else the pinned broker, started (and stopped) here.
  const kafka = [...selected].some((name) => NEED_BROKER.has(name))
    ? ensureKafka(log)
    : { brokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092', stop: undefined };
  process.env.KAFKA_BROKERS = kafka.brokers;
  const withLedger = async <T>(
    chains: number,
    work: (ledger: LedgerHarness) => Promise<T>,
  ): Promise<T> => {
    const database = await createRandomDatabase(postgres.adminUrl, 'taxchain_bench');
    try {
      await runMigrations(database.url, [ledgerMigrations]);
      const ledger = await ledgerHarness(database.url, {
        LEDGER_CHAINS: String(chains),
        LEDGER_WORKERS: 'false',
        KAFKA_TOPIC_PREFIX: `bench-${Date.now()}.`,
      });
      try {
        return await work(ledger);
      } finally {
        await ledger.close();
      }
    } finally {
      await database.drop();
    }
  };
  const report = new BenchReport(
    options.full ? 'full' : 'quick',
    await withLedger(1, (ledger) => machineInfo(ledger.dataSource)),
  );
  const bar = new cliProgress.MultiBar(
    {
      format: '{name} {bar} {value}/{total} | {step}',
      clearOnComplete: false,
      noTTYOutput: true,
      notTTYSchedule: 5_000,
    },
    cliProgress.Presets.shades_classic,
  );

  if (selected.has('append')) {
    // 1. Ledger append against plain and batched INSERT, interleaved so all three see the same machine.
    const appendBar = bar.create(repetitions * 3, 0, { name: 'append ', step: '' });
    const append = await withLedger(4, async (ledger) => {
      await createBaselineTable(ledger.dataSource);
      const runs = { ledger: [] as number[], plain: [] as number[], batched: [] as number[] };
      // One discarded round first: whichever runs first would otherwise pay for the JIT.
      appendBar.update({ step: 'warm-up' });
      await plainInserts(ledger.dataSource, plan.append);
      await batchedInserts(ledger.dataSource, plan.append);
      await ledgerAppends(ledger, plan.append);
      for (let r = 0; r < repetitions; r += 1) {
        appendBar.update({ step: 'plain INSERT' });
        runs.plain.push((await plainInserts(ledger.dataSource, plan.append)).perSecond);
        appendBar.increment({ step: 'batched INSERT' });
        runs.batched.push((await batchedInserts(ledger.dataSource, plan.append)).perSecond);
        appendBar.increment({ step: 'ledger append' });
        runs.ledger.push((await ledgerAppends(ledger, plan.append)).perSecond);
        appendBar.increment({ step: 'done' });
      }
      return {
        ledger: summarize(runs.ledger),
        plain: summarize(runs.plain),
        batched: summarize(runs.batched),
      };
    });
    report.append(append, { ...plan.append, repetitions, chains: 4 });
  }

  if (selected.has('crypto')) {
    // 2. Sign and verify, noble against native, one core.
    const cryptoBar = bar.create(repetitions, 0, { name: 'crypto ', step: '' });
    const crypto = Array.from({ length: repetitions }, () => {
      const result = cryptoBench(plan.crypto);
      cryptoBar.increment();
      return result;
    });
    report.crypto(crypto, { documents: plan.crypto, repetitions });
  }

  if (selected.has('relay')) {
    // 3. Relay against a bare producer: same messages, same broker, same acks.
    const relayBar = bar.create(repetitions * 2, 0, { name: 'relay  ', step: '' });
    const relay = await withLedger(4, async (ledger) => {
      relayBar.update({ step: `appending ${plan.relay}` });
      await seedForRelay(ledger, plan.relay);
      const runs = { relay: [] as number[], bare: [] as number[] };
      relayBar.update({ step: 'warm-up' });
      await relayRate(ledger, `bench-relay-${Date.now()}.`);
      await bareProducerRate(ledger, `bench-bare-${Date.now()}.`);
      for (let r = 0; r < repetitions; r += 1) {
        runs.relay.push(await relayRate(ledger, `bench-relay-${Date.now()}.`));
        relayBar.increment({ step: 'bare producer' });
        runs.bare.push(await bareProducerRate(ledger, `bench-bare-${Date.now()}.`));
        relayBar.increment({ step: 'relay' });
      }
      return { relay: summarize(runs.relay), bare: summarize(runs.bare) };
    });
    report.relay(relay, { entries: plan.relay, repetitions, chains: 4, acks: -1 });
  }

  if (selected.has('verify')) {
    // 4. Full verification of every hash and signature, one core and all cores, against a bare loop.
    const total = plan.verify.chains * plan.verify.perChain;
    const seedBar = bar.create(total, 0, { name: 'verify ', step: 'seeding' });
    const verify = await withLedger(plan.verify.chains, async (ledger) => {
      await bulkSeed(
        ledger.dataSource,
        plan.verify.chains,
        plan.verify.perChain,
        generateSecretKey(),
        (done) => seedBar.update(done),
      );
      for (let chain = 0; chain < plan.verify.chains; chain += 1)
        await new Checkpointer(ledger.dataSource, chain, ledger.authority.current).seal();
      seedBar.update(0, { step: 'verifying' });
      const full = await verifyBench(ledger, (verified) => seedBar.update(verified));
      seedBar.update(0, { step: 'sweep cost' });
      return { full, sweep: await sweepBench(ledger) };
    });
    report.verify(verify.full, { entries: total, chains: plan.verify.chains });
    report.sweep(verify.sweep);
  }

  // 5. Issue end to end: the platform as processes, load from processes of its own.
  if (selected.has('e2e')) {
    const steps = plan.e2e.concurrencies.length + (plan.e2e.sustainedMs ? 2 : 1);
    const e2eBar = bar.create(steps * repetitions, 0, { name: 'e2e    ', step: 'starting' });
    const e2e = { ...plan.e2e, repetitions, profileDir: options.profile };
    const result = await issueE2e(postgres.adminUrl, e2e, (step) => e2eBar.increment({ step }));
    report.e2e(result, {
      ...e2e,
      merchants: 8,
      buyers: 16,
      probesPerSecond: 20,
      probeIntervalMs: 20,
    });
  }

  // 6. Scale: status look-ups, search and aggregates with many invoices in the database.
  if (selected.has('scale')) {
    const scaleBar = bar.create(scaleInvoices, 0, { name: 'scale  ', step: 'starting' });
    const result = await scaleBench(
      postgres.adminUrl,
      { invoices: scaleInvoices, lookups: plan.scale.lookups },
      (done, total, step) => {
        scaleBar.setTotal(total);
        scaleBar.update(done, { step });
      },
    );
    report.scale(result);
  }

  bar.stop();
  // The profiler slows the services down: a profiled run's figures are not results.
  if (!options.profile) report.write();
  kafka.stop?.();
  await postgres.stop?.();
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
