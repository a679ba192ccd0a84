import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * The anomaly types the audit service flags. Each is exported at 0 from the first scrape,
 * so `increase()` and alerts see the first occurrence instead of a series appearing from nothing.
 */
export const ANOMALY_TYPES = [
  'repeated_claim_on_reimbursed',
  'claim_on_voided',
  'void_after_claim_attempt',
  'circular_invoicing',
  'burst',
  'new_buyer_high_amount',
  'chain_break',
  'witness_refusal',
] as const;

export type AnomalyType = (typeof ANOMALY_TYPES)[number];

/** Seconds; the design promises an issued invoice well under a second, so resolution sits there. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const APPEND_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

/**
 * Every metric Tax Chain itself defines, with one name, help, label set and bucket layout,
 * registered in every service so dashboards and the runbook's alerts work against any instance.
 * A service that never records one of them still exports it (zero or without samples).
 */
export function createTaxChainMetrics(registry: Registry) {
  const registers = [registry];
  const metrics = {
    httpRequestDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP responses by method, route template and status, from arrival to the last byte.',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: REQUEST_BUCKETS,
      registers,
    }),
    ledgerAppendSeconds: new Histogram({
      name: 'ledger_append_seconds',
      help: 'Time to append one batch of entries to a chain, inside the writing transaction.',
      buckets: APPEND_BUCKETS,
      registers,
    }),
    ledgerAppendBatchSize: new Histogram({
      name: 'ledger_append_batch_size',
      help: 'Entries appended to a chain per batch.',
      buckets: BATCH_BUCKETS,
      registers,
    }),
    ledgerRelayLagEntries: new Gauge({
      name: 'ledger_relay_lag_entries',
      help: 'Entries in the chain not yet published to Kafka by the relay.',
      labelNames: ['chain'] as const,
      registers,
    }),
    kafkaConsumerLagMessages: new Gauge({
      name: 'kafka_consumer_lag_messages',
      help: "Messages between a consumer group's committed offset and the partition's end.",
      labelNames: ['group', 'topic', 'partition'] as const,
      registers,
    }),
    ledgerCheckpointAgeSeconds: new Gauge({
      name: 'ledger_checkpoint_age_seconds',
      // Counted only while entries wait to be sealed, so an idle chain does not look stuck.
      help: 'Seconds since the chain was last sealed, while entries wait for a checkpoint; else 0.',
      labelNames: ['chain'] as const,
      registers,
    }),
    ledgerWitnessCosignedSize: new Gauge({
      name: 'ledger_witness_cosigned_size',
      help: 'Size of the newest checkpoint of the chain the witness cosigned.',
      labelNames: ['chain', 'witness'] as const,
      registers,
    }),
    ledgerWitnessCosignedAgeSeconds: new Gauge({
      name: 'ledger_witness_cosigned_age_seconds',
      help: "Seconds since the witness's newest cosignature of the chain (its timestamp).",
      labelNames: ['chain', 'witness'] as const,
      registers,
    }),
    ledgerWitnessQuorumMet: new Gauge({
      name: 'ledger_witness_quorum_met',
      help: "1 when the chain's newest checkpoint has WITNESS_QUORUM cosignatures, else 0.",
      labelNames: ['chain'] as const,
      registers,
    }),
    auditVerificationStatus: new Gauge({
      name: 'audit_verification_status',
      help: 'Latest verification of the chain: 1 intact, 0 broken (break, gap, checkpoint mismatch).',
      labelNames: ['chain'] as const,
      registers,
    }),
    auditSweepPositionEntries: new Gauge({
      name: 'audit_sweep_position_entries',
      help: 'Entries of the chain the background sweep has re-verified in its current pass.',
      labelNames: ['chain'] as const,
      registers,
    }),
    auditSweepEntriesTotal: new Counter({
      name: 'audit_sweep_entries_total',
      help: 'Entries re-verified by the background sweep (its rate is the increase per second).',
      registers,
    }),
    auditSweepPassesTotal: new Counter({
      name: 'audit_sweep_passes_total',
      help: 'Passes of the background sweep over every chain, completed.',
      registers,
    }),
    auditSweepLastPassSeconds: new Gauge({
      name: 'audit_sweep_last_pass_seconds',
      help: 'How long the last completed sweep pass took, from its first entry to its last.',
      registers,
    }),
    auditSweepLastPassTimestampSeconds: new Gauge({
      name: 'audit_sweep_last_pass_timestamp_seconds',
      help: 'When the last sweep pass completed (Unix time): alert when it is older than a few passes.',
      registers,
    }),
    auditAnomaliesTotal: new Counter({
      name: 'audit_anomalies_total',
      help: 'Anomalies flagged by the audit service, by type.',
      labelNames: ['type'] as const,
      registers,
    }),
  };
  for (const type of ANOMALY_TYPES) metrics.auditAnomaliesTotal.inc({ type }, 0);
  return metrics;
}

export type TaxChainMetrics = ReturnType<typeof createTaxChainMetrics>;
