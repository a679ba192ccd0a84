import {
  type InvoiceCreditedPayload,
  type InvoiceIssuedPayload,
  LedgerKinds,
  checkCode,
  publicAmount,
} from '@taxchain/contracts';
import { payloadHash, toHex } from '../crypto';
import type { LedgerEntry } from '../ledger-entry';
import { INVOICE_QR_VERSION, type InvoiceStatement } from './invoice-qr';

/**
 * What the tax authority states in the printed QR code, read from the ledger entry that issued the
 * invoice (`invoice.issued`) or the credit note (`invoice.credited`), never from a read model: the
 * facts on the paper, the entry's position, and the public check link (docs/spec/qr.md). The
 * issuing service prints it; the reimbursement service compares a scanned one with it.
 */
export function invoiceStatement(
  entry: Pick<LedgerEntry, 'kind' | 'payload' | 'entryHash' | 'chain' | 'seq'>,
  verifyBaseUrl: string,
  authorityKeyId: string,
): InvoiceStatement {
  const { number, code, document, sign } = issuedFacts(entry);
  const gross = publicAmount(sign * BigInt(document.totals.gross));
  return {
    v: INVOICE_QR_VERSION,
    n: number,
    d: document.issueDate,
    c: code,
    g: gross,
    cur: document.currency,
    s: document.seller.taxId,
    b: document.buyer.taxId,
    h: entry.entryHash,
    chain: entry.chain,
    seq: entry.seq,
    u: verifyBaseUrl,
    k: authorityKeyId,
  };
}

function issuedFacts(entry: Pick<LedgerEntry, 'kind' | 'payload'>) {
  if (entry.kind === LedgerKinds.invoiceIssued) {
    const payload = JSON.parse(entry.payload) as InvoiceIssuedPayload;
    return {
      number: payload.invoiceNumber,
      code: payload.checkCode,
      document: payload.document,
      sign: 1n,
    };
  }
  if (entry.kind === LedgerKinds.invoiceCredited) {
    const payload = JSON.parse(entry.payload) as InvoiceCreditedPayload;
    const number = payload.creditNoteNumber;
    return {
      number,
      code: checkCode(number, toHex(payloadHash(payload.document))),
      document: payload.document,
      sign: -1n,
    };
  }
  throw new RangeError(`a ${entry.kind} entry issues no printed document`);
}
