import 'reflect-metadata';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { createRandomDatabase, runMigrations } from '@taxchain/platform';
import { ledgerMigrations } from '@taxchain/ledger';
import { ledgerHarness } from '@taxchain/ledger/testing/ledger-harness';
import { ensurePostgres } from '../scripts/infra/postgres';
import { machineInfo } from './machine';
import { summarize, type Summary } from './stats';
import {
  batchedInserts,
  createBaselineTable,
  ledgerAppends,
  plainInserts,
  type AppendParameters,
} from './ledger-append.bench';

// The append benchmark never connects to Kafka; the configuration still names a broker.
process.env.KAFKA_BROKERS ??= '127.0.0.1:9092';

const root = resolve(__dirname, __dirname.includes('/dist/') ? '../..' : '..');

async function main(): Promise<void> {
  const options = new Command()
    .option('--full', 'the long run', false)
    .option('--repetitions <n>', 'repetitions per measurement', '3')
    .parse()
    .opts<{ full: boolean; repetitions: string }>();
  const parameters: AppendParameters = options.full
    ? { entries: 50_000, concurrency: 128, batch: 500 }
    : { entries: 10_000, concurrency: 64, batch: 500 };
  const repetitions = Number(options.repetitions);
  const postgres = await ensurePostgres((line) => process.stdout.write(`${line}\n`));
  const database = await createRandomDatabase(postgres.adminUrl, 'taxchain_bench');
  try {
    await runMigrations(database.url, [ledgerMigrations]);
    const ledger = await ledgerHarness(database.url, {
      LEDGER_CHAINS: '4',
      LEDGER_WORKERS: 'false',
    });
    await createBaselineTable(ledger.dataSource);
    const bar = new cliProgress.SingleBar(
      { format: 'ledger append {bar} {value}/{total} runs | {step}' },
      cliProgress.Presets.shades_classic,
    );
    bar.start(repetitions * 3, 0, { step: 'starting' });
    const runs = { ledger: [] as number[], plain: [] as number[], batched: [] as number[] };
    for (let r = 0; r < repetitions; r += 1) {
      // Interleaved so that the three see the same machine state.
      bar.update({ step: 'plain single-row INSERT' });
      runs.plain.push(await plainInserts(ledger.dataSource, parameters));
      bar.increment();
      bar.update({ step: 'batched unnest INSERT' });
      runs.batched.push(await batchedInserts(ledger.dataSource, parameters));
      bar.increment();
      bar.update({ step: 'ledger append' });
      runs.ledger.push(await ledgerAppends(ledger, parameters));
      bar.increment();
    }
    bar.stop();
    const result = {
      date: new Date().toISOString(),
      machine: await machineInfo(ledger.dataSource),
      parameters: {
        ...parameters,
        repetitions,
        chains: 4,
        durability: 'PostgreSQL defaults (synchronous_commit on, fsync on) for all three',
      },
      ledgerAppend: {
        ledger: summarize(runs.ledger),
        plainInsert: summarize(runs.plain),
        batchedInsert: summarize(runs.batched),
      },
    };
    await ledger.close();
    record(result);
  } finally {
    await database.drop();
    await postgres.stop?.();
  }
}

function fmt(s: Summary): string {
  return `${Math.round(s.median)} (${Math.round(s.min)}–${Math.round(s.max)})`;
}

function record(result: {
  date: string;
  machine: Awaited<ReturnType<typeof machineInfo>>;
  parameters: object;
  ledgerAppend: Record<string, Summary>;
}): void {
  const dir = resolve(root, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    resolve(dir, `${result.date.replace(/[:.]/g, '-')}.json`),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  const { ledger, plainInsert, batchedInsert } = result.ledgerAppend;
  const m = result.machine;
  const line = `| ${result.date.slice(0, 16)} | ${m.commit} | ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; Node ${m.node}, PG ${m.postgres}, Kafka ${m.kafka} | ${JSON.stringify(result.parameters).replace(/\|/g, '/')} | ${fmt(ledger)} | ${fmt(plainInsert)} | ${fmt(batchedInsert)} | ${(ledger.median / plainInsert.median).toFixed(2)} (≥ 2.0) | ${(ledger.median / batchedInsert.median).toFixed(2)} (≥ 0.7) |\n`;
  const file = resolve(root, 'bench/RESULTS.md');
  if (!existsSync(file)) throw new Error('bench/RESULTS.md is missing');
  writeFileSync(file, readFileSync(file, 'utf8') + line);
  process.stdout.write(
    `\nledger ${fmt(ledger)}/s, plain INSERT ${fmt(plainInsert)}/s, batched INSERT ${fmt(batchedInsert)}/s\n`,
  );
  process.stdout.write(
    `ratios: ledger ÷ plain = ${(ledger.median / plainInsert.median).toFixed(2)}, ledger ÷ batched = ${(ledger.median / batchedInsert.median).toFixed(2)}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
