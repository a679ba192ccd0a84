import { t } from './i18n';
import { nameOf } from './names';

export interface EvidenceEntry {
  chain?: number;
  seq?: number;
  kind?: string;
  subject?: string;
  entryHash?: string;
}

export interface Anomaly {
  id: string;
  type: string;
  severity: string;
  summary: string;
  evidence: { entries?: EvidenceEntry[] } & Record<string, unknown>;
  status: string;
  decidedBy: string | null;
  decidedAt: string | null;
  detectedAt: string;
}

export const TYPES = [
  'circular_invoicing',
  'burst',
  'new_buyer_high_amount',
  'repeated_claim_on_reimbursed',
  'claim_on_voided',
  'void_after_claim_attempt',
  'chain_break',
  'witness_refusal',
];
export const SEVERITIES = ['critical', 'high', 'medium', 'low'];
export const STATUSES = ['open', 'acknowledged', 'dismissed'];

export const ringOf = (a: Anomaly): string[] =>
  Array.isArray(a.evidence.ring) ? (a.evidence.ring as string[]) : [];

/** The tax IDs an anomaly names, so their names can be loaded before it is shown. */
export function companiesIn(a: Anomaly): string[] {
  const seller = typeof a.evidence.seller === 'string' ? [a.evidence.seller] : [];
  const actor = typeof a.evidence.actor === 'string' ? actorTaxId(a.evidence.actor) : undefined;
  return [...ringOf(a), ...seller, ...(actor ? [actor] : [])];
}

/** The tax ID in a ledger actor ("company:91…", "merchant:91…"), if it names a company. */
export function actorTaxId(actor: string): string | undefined {
  return /^(?:company|merchant):([0-9A-Z]+)$/.exec(actor)?.[1];
}

/** One line in the reader's language, companies by name. */
export function describe(a: Anomaly): string {
  const entry = a.evidence.entries?.[0];
  switch (a.type) {
    case 'circular_invoicing': {
      const ring = ringOf(a);
      return t('anomalies.describe.ring', {
        count: ring.length,
        ring: [...ring, ring[0]].map(nameOf).join(' → '),
      });
    }
    case 'burst':
      return t('anomalies.describe.burst', {
        seller: nameOf(String(a.evidence.seller)),
        count: Number(a.evidence.current),
        seconds: Number(a.evidence.windowMs ?? 60_000) / 1000,
      });
    // A break names its chain and first bad seq in the evidence itself; it lists no entries.
    case 'chain_break':
      return t('anomalies.describe.chain', { chain: a.evidence.chain, seq: a.evidence.seq });
    case 'witness_refusal':
      return t('anomalies.describe.witness', {
        witness: a.evidence.witnessName,
        chain: a.evidence.chain,
        size: a.evidence.size,
      });
    default:
      return entry?.subject
        ? t('anomalies.describe.invoice', { number: entry.subject })
        : a.summary;
  }
}
