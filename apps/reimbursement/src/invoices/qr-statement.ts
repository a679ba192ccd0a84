import type { LedgerEntry } from '@taxchain/ledger';
import {
  INVOICE_STATEMENT_MEMBERS,
  type InvoiceStatement,
  verifyInvoiceQr,
} from '@taxchain/ledger/qr/invoice-qr';
import { invoiceStatement } from '@taxchain/ledger/qr/invoice-statement';
import { InvoicesException } from './invoices.exception';

/**
 * The statement a scanned QR text carries, once verified against the authority's keys
 * (docs/spec/qr.md): each way it can fail is its own problem.
 */
export function authenticStatement(
  text: string,
  authorityKeys: ReadonlyMap<string, Uint8Array>,
): InvoiceStatement {
  const verdict = verifyInvoiceQr(text, authorityKeys);
  if (verdict.ok) return verdict.statement;
  switch (verdict.reason) {
    case 'qr-malformed':
      throw InvoicesException.qrUnreadable();
    case 'qr-unsigned':
      throw InvoicesException.qrUnsigned();
    case 'qr-unknown-key':
      throw InvoicesException.qrUnknownKey((JSON.parse(text) as { k: string }).k);
    case 'qr-bad-signature':
      throw InvoicesException.qrBadSignature();
  }
}

/**
 * The members the ledger entry decides. `u` (where the public check was) and `k` (which authority
 * key signed) are not ledger facts: the signature already vouches for them, and paper printed
 * before a move of PUBLIC_VERIFY_URL or a key rotation rightly carries the older value.
 */
const LEDGER_FACTS = INVOICE_STATEMENT_MEMBERS.filter((member) => member !== 'u' && member !== 'k');

/** The first member whose stated value is not the one the recording entry gives, or undefined. */
export function statementMismatch(
  statement: InvoiceStatement,
  entry: LedgerEntry,
): keyof InvoiceStatement | undefined {
  const recorded = invoiceStatement(entry, statement.u, statement.k);
  return LEDGER_FACTS.find((member) => recorded[member] !== statement[member]);
}
