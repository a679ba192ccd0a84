import type { LedgerEntry } from '@taxchain/ledger';

/** The event types a company can subscribe an endpoint to. */
export const WEBHOOK_EVENT_TYPES = [
  'invoice.issued',
  'invoice.voided',
  'invoice.credited',
  'claim.settled',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent only on request (POST …/test), to every endpoint whatever it subscribed to. */
export const TEST_EVENT_TYPE = 'webhook.test';

/** One message for one company, before it is fanned out to that company's endpoints. */
export interface WebhookMessage {
  companyTaxId: string;
  /** The Standard Webhooks `webhook-id`: the same on every attempt and replay. */
  messageId: string;
  type: WebhookEventType | typeof TEST_EVENT_TYPE;
  /** The exact body sent, and signed. */
  body: string;
}

/** Where the event sits in the ledger: the receiver fetches and checks the proof by these. */
export interface LedgerPosition {
  chain: number;
  seq: number;
  entryHash: string;
}

/**
 * A message about a ledger entry. Its id derives from the entry, so that however often the
 * feed or a replay produces it, receivers see one webhook-id and can deduplicate.
 */
export function ledgerMessage(
  companyTaxId: string,
  type: WebhookEventType,
  entry: LedgerEntry,
  data: Record<string, unknown>,
): WebhookMessage {
  const ledger: LedgerPosition = { chain: entry.chain, seq: entry.seq, entryHash: entry.entryHash };
  return {
    companyTaxId,
    messageId: `msg_${entry.chain}_${entry.seq}`,
    type,
    body: JSON.stringify({ type, timestamp: entry.recordedAt, data: { ...data, ledger } }),
  };
}
