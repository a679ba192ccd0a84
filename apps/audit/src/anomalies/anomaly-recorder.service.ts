import { Injectable, Logger } from '@nestjs/common';
import { Metrics } from '@taxchain/platform';
import { AnomaliesRepository } from './anomalies.repository';
import type { NewAnomaly } from './anomaly';

const RECENT_KEYS = 10_000;

/** Stores a finding once and counts it in audit_anomalies_total{type}. */
@Injectable()
export class AnomalyRecorder {
  private readonly logger = new Logger(AnomalyRecorder.name);
  /** Dedupe keys recorded lately, so an ongoing burst does not hit the table per invoice. */
  private readonly recent = new Set<string>();

  constructor(
    private readonly anomalies: AnomaliesRepository,
    private readonly metrics: Metrics,
  ) {}

  /**
   * Committed at once, never inside the feed's per-chain transaction: that would hold the
   * dedupe key's index entry until the whole batch commits, making every other chain that
   * finds the same thing wait (or deadlock). The dedupe key makes this safe to repeat when a
   * rolled-back batch is redelivered.
   */
  async record(anomaly: NewAnomaly): Promise<void> {
    if (this.recorded(anomaly.dedupeKey)) return;
    const stored = await this.anomalies.insert(anomaly);
    this.remember(anomaly.dedupeKey);
    if (!stored) return;
    this.metrics.taxchain.auditAnomaliesTotal.inc({ type: anomaly.type });
    this.logger.warn(`${anomaly.severity} ${anomaly.type}: ${anomaly.summary}`);
  }

  /** True when this instance already stored (or found stored) the finding. */
  recorded(dedupeKey: string): boolean {
    return this.recent.has(dedupeKey);
  }

  private remember(dedupeKey: string): void {
    this.recent.add(dedupeKey);
    // Oldest first out: a Set iterates in insertion order.
    if (this.recent.size > RECENT_KEYS)
      this.recent.delete(this.recent.values().next().value as string);
  }
}
