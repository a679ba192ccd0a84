import { ChainVerifier, KeyDirectory, nativeEd25519 } from '@taxchain/ledger';
import type { LedgerHarness } from '@taxchain/ledger/testing/ledger-harness';
import { DataSource } from 'typeorm';
import { Pace } from '../apps/audit/src/verification/pace';
import { cpuMs } from './process-cpu';

/** The sweep's default rate (AUDIT_SWEEP_RATE). */
export const SWEEP_RATE = 500;
const TEN_MILLION = 10_000_000;

export interface SweepResult {
  entries: number;
  /** CPU per entry re-verified, this process and the database backend together. */
  cpuMicrosPerEntry: { verifier: number; postgres: number };
  /** Extrapolated from the per-entry cost, at the default rate: */
  rate: number;
  passHoursAt10M: number;
  /** Share of one core the sweep takes at that rate. */
  coreShare: number;
}

/**
 * The background sweep's cost: the same verification it runs (every hash, link, signature and
 * checkpoint, in the pages it reads at the default rate), unthrottled so that the CPU it takes per
 * entry is measured rather than waited through. Its CPU share at a rate is rate × cost per entry.
 */
export async function sweepBench(ledger: LedgerHarness): Promise<SweepResult> {
  // One connection, so that one PostgreSQL backend does all of the sweep's reading.
  const backend = await new DataSource({
    type: 'postgres',
    url: ledger.config.DATABASE_URL,
    poolSize: 1,
  }).initialize();
  try {
    const [{ pid }] = await backend.query<Array<{ pid: number }>>('SELECT pg_backend_pid() AS pid');
    const verifier = new ChainVerifier(backend, ledger.authority.trusted);
    const keys = await KeyDirectory.load(ledger.dataSource, nativeEd25519);
    const before = { verifier: process.cpuUsage(), postgres: cpuMs(pid) };
    let entries = 0;
    for (let chain = 0; chain < ledger.settings.chains; chain += 1) {
      const result = await verifier.verify(chain, { keys, pageSize: Pace.batchFor(SWEEP_RATE) });
      if (!result.ok) throw new Error(`chain ${chain}: ${JSON.stringify(result.break)}`);
      entries += result.verified;
    }
    const used = process.cpuUsage(before.verifier);
    const verifierMicros = (used.user + used.system) / entries;
    const postgresMicros = ((cpuMs(pid) - before.postgres) * 1_000) / entries;
    return {
      entries,
      cpuMicrosPerEntry: {
        verifier: Math.round(verifierMicros),
        postgres: Math.round(postgresMicros),
      },
      rate: SWEEP_RATE,
      passHoursAt10M: TEN_MILLION / SWEEP_RATE / 3_600,
      coreShare: (SWEEP_RATE * (verifierMicros + postgresMicros)) / 1_000_000,
    };
  } finally {
    await backend.destroy();
  }
}
