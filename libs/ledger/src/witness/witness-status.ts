import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { HealthChecks, Metrics } from '@taxchain/platform';
import { LedgerSettings } from '../ledger-settings';
import { Cosignatures } from '../storage/cosignatures';

/** The newest checkpoint of one chain a witness cosigned. */
export interface WitnessChainStatus {
  chain: number;
  size: number;
  cosignedAt: string;
  ageSeconds: number;
}

/** Per witness, where it stands; per chain, whether the newest checkpoint has its quorum. */
export interface WitnessStatusReport {
  quorum: number;
  /** Every chain's newest checkpoint is cosigned by at least `quorum` configured witnesses. */
  quorumMet: boolean;
  witnesses: Array<{ name: string; url: string; vkey: string; chains: WitnessChainStatus[] }>;
  chains: Array<{ chain: number; size: number; cosignatures: number; quorumMet: boolean }>;
}

/**
 * The configured witnesses' status, read from ledger.cosignatures (so every instance reports
 * the same, whichever leads the chains): in /health as `witnesses` and in /metrics as
 * ledger_witness_cosigned_size, ledger_witness_cosigned_age_seconds and ledger_witness_quorum_met.
 * Evidence to act on, not a reason to restart the service, so it never turns /health down.
 */
@Injectable()
export class WitnessStatus implements OnModuleInit {
  constructor(
    private readonly db: DataSource,
    private readonly settings: LedgerSettings,
    private readonly cosignatures: Cosignatures,
    private readonly checks: HealthChecks,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.registerMetrics();
    if (this.settings.witnesses.length === 0) return;
    this.checks.add(async (): Promise<HealthIndicatorResult> => {
      // Unreadable while the database is down, which the database check already reports.
      const report = await this.report().catch(() => null);
      return { witnesses: { status: 'up', ...report } };
    });
  }

  async report(now = Date.now()): Promise<WitnessStatusReport> {
    const [progress, latest] = await Promise.all([
      this.cosignatures.progress(),
      this.db.query<Array<{ chain: number; size: string }>>(
        'SELECT DISTINCT ON (chain) chain, size FROM ledger.checkpoints ORDER BY chain, size DESC',
      ),
    ]);
    const quorum = this.settings.witnessQuorum;
    const witnesses = this.settings.witnesses.map((w) => ({
      name: w.key.name,
      url: w.url,
      vkey: w.vkey,
      chains: progress
        .filter((p) => p.witness === w.vkey)
        .map((p) => ({
          chain: p.chain,
          size: p.size,
          cosignedAt: p.cosignedAt.toISOString(),
          ageSeconds: Math.max(0, Math.round((now - p.cosignedAt.getTime()) / 1_000)),
        })),
    }));
    const chains = latest.map(({ chain, size }) => {
      const cosignatures = witnesses.filter((w) =>
        w.chains.some((c) => c.chain === chain && c.size === Number(size)),
      ).length;
      return { chain, size: Number(size), cosignatures, quorumMet: cosignatures >= quorum };
    });
    return { quorum, quorumMet: chains.every((c) => c.quorumMet), witnesses, chains };
  }

  private registerMetrics(): void {
    let pending: Promise<WitnessStatusReport | null> | undefined;
    // One read per scrape, shared by the three gauges.
    const read = () => {
      pending ??= this.report()
        .catch(() => null)
        .finally(() => setTimeout(() => (pending = undefined), 0));
      return pending;
    };
    const labels = ['chain', 'witness'] as const;
    this.metrics.gauge({
      name: 'ledger_witness_cosigned_size',
      help: 'Size of the newest checkpoint of the chain the witness cosigned.',
      labelNames: labels,
      collect: async function () {
        this.reset();
        for (const w of (await read())?.witnesses ?? [])
          for (const c of w.chains) this.set({ chain: String(c.chain), witness: w.name }, c.size);
      },
    });
    this.metrics.gauge({
      name: 'ledger_witness_cosigned_age_seconds',
      help: "Seconds since the witness's newest cosignature of the chain (its timestamp).",
      labelNames: labels,
      collect: async function () {
        this.reset();
        for (const w of (await read())?.witnesses ?? [])
          for (const c of w.chains)
            this.set({ chain: String(c.chain), witness: w.name }, c.ageSeconds);
      },
    });
    this.metrics.gauge({
      name: 'ledger_witness_quorum_met',
      help: "1 when the chain's newest checkpoint has WITNESS_QUORUM cosignatures, else 0.",
      labelNames: ['chain'] as const,
      collect: async function () {
        this.reset();
        for (const c of (await read())?.chains ?? [])
          this.set({ chain: String(c.chain) }, c.quorumMet ? 1 : 0);
      },
    });
  }
}
