import type { InvoiceKind } from './invoice-document';

/**
 * An amount as it counts: a credit note takes back what its original charged, so its amounts
 * (recorded and signed by size) count negative. "0" stays 0.
 */
export function signedAmount(kind: InvoiceKind, minorUnits: string): bigint {
  const amount = BigInt(minorUnits);
  return kind === 'credit-note' ? -amount : amount;
}
