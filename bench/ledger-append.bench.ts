import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import type { LedgerHarness } from '@taxchain/ledger/testing/ledger-harness';
import { recordEntry } from '@taxchain/ledger/testing/record-entry';
import { pool } from './stats';

export interface AppendParameters {
  entries: number;
  concurrency: number;
  batch: number;
}

const COLUMNS =
  '(chain int, seq bigint, prev_hash bytea, entry_hash bytea, kind text, subject text, actor text, payload text, payload_hash bytea, actor_signature bytea, recorded_at timestamptz(3), identity text UNIQUE)';

/** The baselines' table: the ledger's columns, no chaining, no triggers. */
export async function createBaselineTable(dataSource: DataSource): Promise<void> {
  await dataSource.query(`DROP TABLE IF EXISTS bench_plain; CREATE TABLE bench_plain ${COLUMNS}`);
}

function row(i: number): unknown[] {
  const hash = Buffer.alloc(32, i % 251);
  return [
    i % 8,
    i,
    hash,
    hash,
    'bench.appended',
    `s-${randomUUID()}`,
    'bench',
    `{"i":${i}}`,
    hash,
    null,
    new Date(),
    randomUUID(),
  ];
}

// PostgreSQL allows 100 connections on this shared machine: the baseline takes at most this many.
const MAX_BASELINE_CONNECTIONS = 32;

/**
 * (a) one autocommitted INSERT per entry, at the same concurrency, on a connection per caller up
 * to MAX_BASELINE_CONNECTIONS, opened before the clock starts (the harness's pool of 10 capped
 * the baseline and favoured the ledger, whose group commit needs one connection per chain).
 */
export async function plainInserts(dataSource: DataSource, p: AppendParameters): Promise<number> {
  const { url } = dataSource.options as PostgresConnectionOptions;
  const size = Math.min(p.concurrency, MAX_BASELINE_CONNECTIONS);
  const connections = new Pool({ connectionString: url, max: size });
  try {
    // Every opened client goes back even when another failed to open: end() waits for them.
    const opened = await Promise.allSettled(
      Array.from({ length: size }, () => connections.connect()),
    );
    for (const client of opened) if (client.status === 'fulfilled') client.value.release();
    const failed = opened.find((client) => client.status === 'rejected');
    if (failed) throw failed.reason;
    const started = performance.now();
    await pool(p.entries, p.concurrency, async (i) => {
      await connections.query(
        'INSERT INTO bench_plain VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)',
        row(i),
      );
    });
    return p.entries / ((performance.now() - started) / 1_000);
  } finally {
    await connections.end();
  }
}

/** (b) batched INSERT … SELECT unnest(…), `batch` rows per transaction. */
export async function batchedInserts(dataSource: DataSource, p: AppendParameters): Promise<number> {
  const started = performance.now();
  const batches = Math.ceil(p.entries / p.batch);
  await pool(batches, Math.min(p.concurrency, 4), async (b) => {
    const rows = Array.from({ length: Math.min(p.batch, p.entries - b * p.batch) }, (_, k) =>
      row(b * p.batch + k),
    );
    const column = (c: number) => rows.map((r) => r[c]);
    await dataSource.query(
      `INSERT INTO bench_plain SELECT * FROM unnest($1::int[], $2::bigint[], $3::bytea[], $4::bytea[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bytea[], $10::bytea[], $11::timestamptz[], $12::text[])`,
      Array.from({ length: 12 }, (_, c) => column(c)),
    );
  });
  return p.entries / ((performance.now() - started) / 1_000);
}

/** The ledger: chained, hashed, group-committed appends from `concurrency` callers. */
export async function ledgerAppends(ledger: LedgerHarness, p: AppendParameters): Promise<number> {
  const started = performance.now();
  await pool(p.entries, p.concurrency, async (i) => {
    const subject = `s-${randomUUID()}`;
    await recordEntry(ledger.appender, {
      kind: 'bench.appended',
      subject,
      actor: 'bench',
      payload: { i },
      identity: subject,
    });
  });
  return p.entries / ((performance.now() - started) / 1_000);
}
