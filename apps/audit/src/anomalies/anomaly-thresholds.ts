/**
 * Detector thresholds, in one place. Defaults are deliberately conservative; tune per
 * deployment (they are candidates for configuration once the values settle).
 */
export const ANOMALY_THRESHOLDS = {
  /** A void or credit this soon after a claim attempt on the same invoice is flagged. */
  voidAfterClaimWindowMs: 24 * 60 * 60 * 1000,
  /** Circular invoicing: only invoices issued within this window form the seller → buyer graph. */
  circularWindowMs: 30 * 24 * 60 * 60 * 1000,
  /** Longest ring searched (companies); rings of 3 and more are flagged. */
  circularMaxLength: 6,
  /** Burst: invoices of one seller within this window… */
  burstWindowMs: 60 * 1000,
  /** …at least this many… */
  burstMinCount: 20,
  /** …and this many times the seller's own average per window over the baseline period. */
  burstFactor: 5,
  baselinePeriodMs: 7 * 24 * 60 * 60 * 1000,
  /** New buyer: a seller's first invoice to a buyer at or above this gross, minor units (¥50,000). */
  newBuyerHighGross: 5_000_000n,
} as const;

export type AnomalyThresholds = typeof ANOMALY_THRESHOLDS;
