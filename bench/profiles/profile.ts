import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { Command } from 'commander';
import { createRandomDatabase, runMigrations } from '@taxchain/platform';
import { Checkpointer, generateSecretKey, ledgerMigrations } from '@taxchain/ledger';
import { ledgerHarness, type LedgerHarness } from '@taxchain/ledger/testing/ledger-harness';
import { ensurePostgres } from '../../scripts/infra/postgres';
import { summarize } from '../stats';
import {
  batchedInserts,
  createBaselineTable,
  ledgerAppends,
  ledgerBatchLoad,
  plainInserts,
} from '../ledger-append.bench';
import type { Throughput } from '../cpu-per-entry';
import { bareProducerRate, relayRate, seedForRelay } from '../relay.bench';
import { bulkSeed } from '../bulk-seed';
import { bareLoop, peakRss, verifyAllCores, verifyOneCore } from '../verify.bench';

process.env.KAFKA_BROKERS ??= '127.0.0.1:9092';

/**
 * One measurement: `label` gives its rate per second, and the CPU per entry where it measures
 * it; the ones of a benchmark run interleaved.
 */
type Measurement = [
  label: string,
  measure: (ledger: LedgerHarness) => Promise<number | Throughput>,
];

interface Benchmark {
  chains: number;
  prepare(ledger: LedgerHarness): Promise<void>;
  measurements: Measurement[];
  /** [measured, baseline] pairs whose ratio the benchmark's target is about. */
  ratios: Array<[string, string]>;
}

const APPEND = { entries: 10_000, concurrency: 64, batch: 500 };
const RELAY = 20_000;
const VERIFY = { chains: 4, perChain: Number(process.env.PROFILE_VERIFY_PER_CHAIN ?? 25_000) };

const benchmarks: Record<string, Benchmark> = {
  append: {
    chains: 4,
    prepare: (ledger) => createBaselineTable(ledger.dataSource),
    measurements: [
      ['plain', (ledger) => plainInserts(ledger.dataSource, APPEND)],
      ['batched', (ledger) => batchedInserts(ledger.dataSource, APPEND)],
      ['batchedShaped', (ledger) => batchedInserts(ledger.dataSource, APPEND, 'bench_shaped')],
      ['ledger', (ledger) => ledgerAppends(ledger, APPEND)],
      ['ledgerBatchLoad', (ledger) => ledgerBatchLoad(ledger, APPEND)],
    ],
    ratios: [
      ['ledger', 'plain'],
      ['ledger', 'batched'],
      ['ledgerBatchLoad', 'batched'],
      ['ledgerBatchLoad', 'batchedShaped'],
    ],
  },
  relay: {
    chains: 4,
    prepare: (ledger) => seedForRelay(ledger, RELAY),
    measurements: [
      ['bare', (ledger) => bareProducerRate(ledger, `bench-bare-${Date.now()}.`)],
      ['relay', (ledger) => relayRate(ledger, `bench-relay-${Date.now()}.`)],
    ],
    ratios: [['relay', 'bare']],
  },
  verify: {
    chains: VERIFY.chains,
    prepare: async (ledger) => {
      await bulkSeed(
        ledger.dataSource,
        VERIFY.chains,
        VERIFY.perChain,
        generateSecretKey(),
        () => {},
      );
      for (let chain = 0; chain < VERIFY.chains; chain += 1)
        await new Checkpointer(ledger.dataSource, chain, ledger.authority.current).seal();
    },
    measurements: [
      ['bare', bareLoop],
      ['oneCore', (ledger) => verifyOneCore(ledger)],
      ['allCores', async (ledger) => (await verifyAllCores(ledger)).rate],
    ],
    ratios: [
      ['oneCore', 'bare'],
      ['allCores', 'bare'],
    ],
  },
};

/** The median over repetitions of each pair's ratio, measured side by side in one repetition. */
function ratios(
  runs: Map<string, number[]>,
  pairs: Array<[string, string]>,
): Record<string, number> {
  return Object.fromEntries(
    pairs
      .filter(([a, b]) => runs.has(a) && runs.has(b))
      .map(([a, b]) => [
        `${a}/${b}`,
        summarize(runs.get(a)!.map((r, i) => r / runs.get(b)![i])).median,
      ]),
  );
}

/**
 * The median over repetitions of each pair's ratio by CPU: the baseline's CPU per entry ÷ the
 * measured one's, of this process alone and with PostgreSQL's backends, in one repetition.
 */
function cpuRatios(
  cpu: Map<string, Array<Throughput['cpuMsPerEntry']>>,
  pairs: Array<[string, string]>,
): Record<string, { client: number; total: number }> {
  return Object.fromEntries(
    pairs
      .filter(([a, b]) => cpu.has(a) && cpu.has(b))
      .map(([a, b]) => {
        const ratio = (f: (r: Throughput['cpuMsPerEntry']) => number) =>
          summarize(cpu.get(a)!.map((r, i) => f(cpu.get(b)![i]) / f(r))).median;
        return [
          `${a}/${b}`,
          { client: ratio((r) => r.client), total: ratio((r) => r.client + r.postgres) },
        ];
      }),
  );
}

/** The median CPU per entry of a measurement's rounds, in this process and in PostgreSQL. */
function cpuMedians(rounds: Array<Throughput['cpuMsPerEntry']> | undefined) {
  if (!rounds) return undefined;
  const median = (f: (r: Throughput['cpuMsPerEntry']) => number) => summarize(rounds.map(f)).median;
  return {
    client: median((r) => r.client),
    postgres: median((r) => r.postgres),
    total: median((r) => r.client + r.postgres),
  };
}

/**
 * One discarded round first (whichever measurement runs first must not pay for the JIT), then
 * `repetitions` rounds, under the CPU profiler when `profile` names a file.
 */
async function measureInterleaved(
  ledger: LedgerHarness,
  measurements: Measurement[],
  repetitions: number,
  profile?: string,
): Promise<{
  runs: Map<string, number[]>;
  cpu: Map<string, Array<Throughput['cpuMsPerEntry']>>;
  peaks: Map<string, number>;
}> {
  for (const [, measure] of measurements) await measure(ledger);
  const session = new Session();
  session.connect();
  if (profile) {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const runs = new Map<string, number[]>(measurements.map(([label]) => [label, []]));
  const cpu = new Map<string, Array<Throughput['cpuMsPerEntry']>>();
  const peaks = new Map<string, number>();
  for (let r = 0; r < repetitions; r += 1)
    for (const [label, measure] of measurements) {
      const { value, peakMiB } = await peakRss(() => measure(ledger));
      runs.get(label)!.push(typeof value === 'number' ? value : value.perSecond);
      if (typeof value !== 'number')
        cpu.set(label, [...(cpu.get(label) ?? []), value.cpuMsPerEntry]);
      peaks.set(label, Math.max(peaks.get(label) ?? 0, peakMiB));
    }
  if (profile)
    writeFileSync(profile, JSON.stringify((await session.post('Profiler.stop')).profile));
  session.disconnect();
  return { runs, cpu, peaks };
}

/**
 * Runs one benchmark alone, its measurements interleaved `repetitions` times after one discarded
 * round, and prints the median rate and the peak RSS of each, and the ratios its targets are
 * about. `--only <label,…>` keeps the measurements named; `--profile <file>` writes a CPU profile of the
 * measured part alone (not the seeding nor the warm-up), for DevTools or speedscope.
 */
async function main(): Promise<void> {
  const command = new Command()
    .argument('<benchmark>', Object.keys(benchmarks).join(' | '))
    .option('--repetitions <n>', 'repetitions', '3')
    .option('--only <labels>', 'measurements of the benchmark, comma-separated')
    .option('--profile <file>', 'write a .cpuprofile of the measured part')
    .parse();
  const name = command.args[0];
  const options = command.opts<{ repetitions: string; only?: string; profile?: string }>();
  const benchmark = benchmarks[name];
  if (!benchmark) throw new Error(`unknown benchmark ${name}`);
  const only = options.only?.split(',');
  const measurements = benchmark.measurements.filter(([l]) => !only || only.includes(l));
  const postgres = await ensurePostgres(() => undefined);
  const database = await createRandomDatabase(postgres.adminUrl, 'taxchain_profile');
  try {
    await runMigrations(database.url, [ledgerMigrations]);
    const ledger = await ledgerHarness(database.url, {
      LEDGER_CHAINS: String(benchmark.chains),
      LEDGER_WORKERS: 'false',
      KAFKA_TOPIC_PREFIX: `profile-${Date.now()}.`,
    });
    try {
      await benchmark.prepare(ledger);
      const { runs, cpu, peaks } = await measureInterleaved(
        ledger,
        measurements,
        Number(options.repetitions),
        options.profile,
      );
      const result = Object.fromEntries(
        [...runs].map(([label, r]) => [
          label,
          {
            ...summarize(r),
            cpuMsPerEntry: cpuMedians(cpu.get(label)),
            peakRssMiB: peaks.get(label),
          },
        ]),
      );
      process.stdout.write(
        `${JSON.stringify({
          benchmark: name,
          result,
          ratios: ratios(runs, benchmark.ratios),
          cpuRatios: cpuRatios(cpu, benchmark.ratios),
        })}\n`,
      );
    } finally {
      await ledger.close();
    }
  } finally {
    await database.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`profile failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
