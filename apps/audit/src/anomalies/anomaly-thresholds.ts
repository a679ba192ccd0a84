import { Injectable } from '@nestjs/common';
import { InjectConfig, type AppConfig } from '@taxchain/platform';

/** Detector thresholds, configured per deployment (the ANOMALY_* variables in the runbook). */
@Injectable()
export class AnomalyThresholds {
  /** A void or credit this soon after a claim attempt on the same invoice is flagged. */
  readonly voidAfterClaimWindowMs: number;
  /** Circular invoicing: only invoices issued within this window form the seller → buyer graph. */
  readonly circularWindowMs: number;
  /** Longest ring searched (companies); rings of 3 and more are flagged. */
  readonly circularMaxLength: number;
  /** Burst: a seller's invoices within this window… */
  readonly burstWindowMs: number;
  /** …at least this many… */
  readonly burstMinCount: number;
  /** …and this many times the seller's own average per window over the baseline period. */
  readonly burstFactor: number;
  readonly baselinePeriodMs: number;
  /** New buyer: a seller's first invoice to a buyer at or above this gross, minor units. */
  readonly newBuyerHighGross: bigint;

  constructor(@InjectConfig() config: AppConfig) {
    this.voidAfterClaimWindowMs = config.ANOMALY_VOID_AFTER_CLAIM_MS;
    this.circularWindowMs = config.ANOMALY_RING_WINDOW_MS;
    this.circularMaxLength = config.ANOMALY_RING_MAX_LENGTH;
    this.burstWindowMs = config.ANOMALY_BURST_WINDOW_MS;
    this.burstMinCount = config.ANOMALY_BURST_MIN_COUNT;
    this.burstFactor = config.ANOMALY_BURST_FACTOR;
    this.baselinePeriodMs = config.ANOMALY_BASELINE_MS;
    this.newBuyerHighGross = BigInt(config.ANOMALY_NEW_BUYER_GROSS);
  }
}
