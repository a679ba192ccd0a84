import type { LedgerEntry } from '@taxchain/ledger';
import type { NewInvoice } from '../../invoices/invoices.repository';
import type { RecordedInvoice } from './invoice-detectors.service';

/**
 * A seller's invoice to one of ten buyers, as its entry (`seq`, on chain seq % 4) brings it to
 * the detectors: recorded at `at`, on its own issue date (UTC+8), so issued then (live).
 */
export function recordedInvoice(seller: string, seq: number, at: number): RecordedInvoice {
  const invoiceNumber = `26${String(seq).padStart(18, '0')}`;
  const entry: LedgerEntry = {
    chain: seq % 4,
    seq: 1_000_000 + seq,
    prevHash: '0'.repeat(64),
    entryHash: 'a'.repeat(64),
    kind: 'invoice.issued',
    subject: invoiceNumber,
    actor: `merchant:${seller}`,
    payload: '{}',
    payloadHash: 'b'.repeat(64),
    actorSignature: null,
    recordedAt: new Date(at).toISOString(),
    identity: invoiceNumber,
  };
  const invoice: NewInvoice = {
    invoiceNumber,
    kind: 'invoice',
    creditedInvoiceNumber: null,
    seller: { taxId: seller, name: 'Seller Ltd' },
    buyer: { taxId: `91330100MA2BUYER${seq % 10}`, name: 'Buyer' },
    region: '330100',
    issueDate: new Date(at + 8 * 3600_000).toISOString().slice(0, 10),
    currency: 'CNY',
    net: 100n,
    tax: 13n,
    gross: 113n,
    taxRates: ['0.13'],
    chain: entry.chain,
    seq: entry.seq,
    entryHash: entry.entryHash,
    issuedAt: new Date(at),
    rateTotals: new Map(),
  };
  return { invoice, entry };
}
