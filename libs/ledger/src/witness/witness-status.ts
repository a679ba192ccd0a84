import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { HealthChecks, Metrics } from '@taxchain/platform';
import { LedgerSettings } from '../ledger-settings';
import { Cosignatures } from '../storage/cosignatures';
import type { WitnessStatusReport } from './witness-status-report';

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
    if (this.settings.witnesses.length === 0) return;
    this.registerMetrics();
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
    const { ledgerWitnessCosignedSize, ledgerWitnessCosignedAgeSeconds, ledgerWitnessQuorumMet } =
      this.metrics.taxchain;
    this.metrics.onScrape(async () => {
      const report = await this.report();
      for (const gauge of [
        ledgerWitnessCosignedSize,
        ledgerWitnessCosignedAgeSeconds,
        ledgerWitnessQuorumMet,
      ])
        gauge.reset();
      for (const w of report.witnesses)
        for (const c of w.chains) {
          const labels = { chain: String(c.chain), witness: w.name };
          ledgerWitnessCosignedSize.set(labels, c.size);
          ledgerWitnessCosignedAgeSeconds.set(labels, c.ageSeconds);
        }
      for (const c of report.chains)
        ledgerWitnessQuorumMet.set({ chain: String(c.chain) }, c.quorumMet ? 1 : 0);
    });
  }
}
