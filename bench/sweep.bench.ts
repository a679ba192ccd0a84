import { ChainVerifier, KeyDirectory, nativeEd25519, type SignaturesHeld } from '@taxchain/ledger';
import type { LedgerHarness } from '@taxchain/ledger/testing/ledger-harness';
import { DataSource } from 'typeorm';
import { Pace } from '../apps/audit/src/verification/pace';
import { cpuMs } from './process-cpu';

/** The sweep's default rate (AUDIT_SWEEP_RATE). */
export const SWEEP_RATE = 500;
const TEN_MILLION = 10_000_000;

/** CPU per entry re-verified, this process and the database backend together, in µs. */
export interface EntryCost {
  verifier: number;
  postgres: number;
}

export interface SweepResult {
  entries: number;
  /** A first pass: every hash, link, signature and checkpoint. */
  cpuMicrosPerEntry: EntryCost;
  /** A later pass of the same process: the signatures that held are not checked again. */
  rePassMicrosPerEntry: EntryCost;
  /** Extrapolated from the per-entry cost, at the default rate: */
  rate: number;
  passHoursAt10M: number;
  /** Share of one core the sweep takes at that rate, in its first pass and in later ones. */
  coreShare: number;
  rePassCoreShare: number;
}

/**
 * The background sweep's cost: the same verification it runs (every hash, link, signature and
 * checkpoint, in the pages it reads at the default rate), unthrottled so that the CPU it takes per
 * entry is measured rather than waited through; then a second pass as the sweep makes it, with the
 * signatures that held in the first one not checked again. Its CPU share at a rate is rate × cost
 * per entry.
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
    const held = new Map<number, SignaturesHeld>();
    /** One pass over every chain: its entries and CPU per entry. */
    const pass = async (): Promise<{ entries: number; cost: EntryCost }> => {
      const before = { verifier: process.cpuUsage(), postgres: cpuMs(pid) };
      let entries = 0;
      for (let chain = 0; chain < ledger.settings.chains; chain += 1) {
        const result = await verifier.verify(chain, {
          keys,
          pageSize: Pace.batchFor(SWEEP_RATE),
          signaturesHeld: held.get(chain),
        });
        if (!result.ok) throw new Error(`chain ${chain}: ${JSON.stringify(result.break)}`);
        const good = result.lastGoodCheckpoint;
        if (good) held.set(chain, { size: good.size, root: good.root });
        entries += result.verified;
      }
      const used = process.cpuUsage(before.verifier);
      return {
        entries,
        cost: {
          verifier: Math.round((used.user + used.system) / entries),
          postgres: Math.round(((cpuMs(pid) - before.postgres) * 1_000) / entries),
        },
      };
    };
    const first = await pass();
    const again = await pass();
    const share = (cost: EntryCost) => (SWEEP_RATE * (cost.verifier + cost.postgres)) / 1_000_000;
    return {
      entries: first.entries,
      cpuMicrosPerEntry: first.cost,
      rePassMicrosPerEntry: again.cost,
      rate: SWEEP_RATE,
      passHoursAt10M: TEN_MILLION / SWEEP_RATE / 3_600,
      coreShare: share(first.cost),
      rePassCoreShare: share(again.cost),
    };
  } finally {
    await backend.destroy();
  }
}
