import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import type { LedgerHarness } from '@taxchain/ledger/testing/ledger-harness';
import { recordEntry } from '@taxchain/ledger/testing/record-entry';
import { pool } from './stats';
import { measured, type Throughput } from './cpu-per-entry';

export interface AppendParameters {
  entries: number;
  concurrency: number;
  batch: number;
}

/** Transactions the batched baseline runs at once, `batch` rows each. */
const BATCHED_WRITERS = 4;

const COLUMNS =
  '(chain int, seq bigint, prev_hash bytea, entry_hash bytea, kind text, subject text, actor text, payload text, payload_hash bytea, actor_signature bytea, recorded_at timestamptz(3), identity text UNIQUE)';

/**
 * The baselines' tables: `bench_plain` has the ledger's columns and no chaining, triggers nor
 * constraints but the identity's; `bench_shaped` is ledger.entries' shape (its indexes and
 * CHECKs), so that the batched INSERT into it tells the schema's cost from the ledger's own.
 */
export async function createBaselineTable(dataSource: DataSource): Promise<void> {
  await dataSource.query(`DROP TABLE IF EXISTS bench_plain; CREATE TABLE bench_plain ${COLUMNS}`);
  await dataSource.query(
    'DROP TABLE IF EXISTS bench_shaped; CREATE TABLE bench_shaped (LIKE ledger.entries INCLUDING ALL)',
  );
}

/** Rows written so far: every row gets a seq of its own, across measurements (bench_shaped's key). */
let written = 0;

function row(i: number): unknown[] {
  // Random, as SHA-256 hashes are: in bench_shaped's indexes each lands on a page of its own.
  const hash = randomBytes(32);
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
export async function plainInserts(
  dataSource: DataSource,
  p: AppendParameters,
): Promise<Throughput> {
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
    return await measured(dataSource, p.entries, () =>
      pool(p.entries, p.concurrency, async () => {
        await connections.query(
          'INSERT INTO bench_plain VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)',
          row(written++),
        );
      }),
    );
  } finally {
    await connections.end();
  }
}

/**
 * (b) batched INSERT … SELECT unnest(…), `batch` rows per transaction, into `bench_plain`, or
 * (c) into `bench_shaped`.
 */
export async function batchedInserts(
  dataSource: DataSource,
  p: AppendParameters,
  table: 'bench_plain' | 'bench_shaped' = 'bench_plain',
): Promise<Throughput> {
  const batches = Math.ceil(p.entries / p.batch);
  const first = written;
  written += p.entries;
  return measured(dataSource, p.entries, () =>
    pool(batches, Math.min(p.concurrency, BATCHED_WRITERS), async (b) => {
      const rows = Array.from({ length: Math.min(p.batch, p.entries - b * p.batch) }, (_, k) =>
        row(first + b * p.batch + k),
      );
      const column = (c: number) => rows.map((r) => r[c]);
      await dataSource.query(
        `INSERT INTO ${table} SELECT * FROM unnest($1::int[], $2::bigint[], $3::bytea[], $4::bytea[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bytea[], $10::bytea[], $11::timestamptz[], $12::text[])`,
        Array.from({ length: 12 }, (_, c) => column(c)),
      );
    }),
  );
}

/** The ledger: chained, hashed, group-committed appends from `concurrency` single-entry callers. */
export function ledgerAppends(ledger: LedgerHarness, p: AppendParameters): Promise<Throughput> {
  return appendsInFlight(ledger, p.entries, p.concurrency);
}

/**
 * The ledger under batch load: as many entries in flight as the batched baseline writes at once
 * (its writers × `batch`), each its own unit of work, as POST /invoices/batch issues its items.
 */
export function ledgerBatchLoad(ledger: LedgerHarness, p: AppendParameters): Promise<Throughput> {
  return appendsInFlight(ledger, p.entries, Math.min(p.concurrency, BATCHED_WRITERS) * p.batch);
}

function appendsInFlight(
  ledger: LedgerHarness,
  entries: number,
  inFlight: number,
): Promise<Throughput> {
  return measured(ledger.dataSource, entries, () =>
    pool(entries, inFlight, async (i) => {
      const subject = `s-${randomUUID()}`;
      await recordEntry(ledger.appender, {
        kind: 'bench.appended',
        subject,
        actor: 'bench',
        payload: { i },
        identity: subject,
      });
    }),
  );
}
