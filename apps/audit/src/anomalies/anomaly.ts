import { ANOMALY_TYPES } from '@taxchain/platform';

/** What the audit service flags: the platform's shared anomaly types, chain breaks and gaps included. */
export const AUDIT_ANOMALY_TYPES = ANOMALY_TYPES;
export type AuditAnomalyType = (typeof AUDIT_ANOMALY_TYPES)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ANOMALY_STATUSES = ['open', 'acknowledged', 'dismissed'] as const;
export type AnomalyStatus = (typeof ANOMALY_STATUSES)[number];

/** A ledger entry an anomaly points at, enough to fetch it and its proof. */
export interface EntryRef {
  chain: number;
  seq: number;
  kind: string;
  subject: string;
  entryHash: string;
}

/** A finding before it is stored: the dedupe key makes the same finding one anomaly. */
export interface NewAnomaly {
  type: AuditAnomalyType;
  severity: Severity;
  summary: string;
  evidence: { entries: EntryRef[] } & Record<string, unknown>;
  dedupeKey: string;
}

export interface Anomaly extends Omit<NewAnomaly, 'dedupeKey'> {
  id: string;
  status: AnomalyStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
  detectedAt: Date;
}

export function entryRef(entry: {
  chain: number;
  seq: number;
  kind: string;
  subject: string;
  entryHash: string;
}): EntryRef {
  const { chain, seq, kind, subject, entryHash } = entry;
  return { chain, seq, kind, subject, entryHash };
}
