import { LedgerKinds } from '@taxchain/contracts';
import type { LedgerEntry } from '@taxchain/ledger';
import {
  invoiceCreditedSchema,
  invoiceIssuedSchema,
  type CreditedEvent,
  type IssuedEvent,
} from '../feed/invoice-payloads';
import { creditNoteCheckCode } from './credit-note';

/** A document as the entry that recorded it states it: its number, check code and content. */
export interface RecordedDocument {
  invoiceNumber: string;
  checkCode: string;
  kind: 'invoice' | 'credit-note';
  /** The invoice a credit note credits; undefined for an invoice. */
  reverses?: string;
  document: IssuedEvent['document'] | CreditedEvent['document'];
}

/**
 * The document an invoice.issued (an invoice) or invoice.credited (a credit note) entry records,
 * read off its payload; undefined for an entry of another kind or a payload that does not parse.
 * Whether the payload is what the ledger hashed is the caller's to check (entryFault).
 */
export function recordedDocument(entry: LedgerEntry): RecordedDocument | undefined {
  if (entry.kind === LedgerKinds.invoiceIssued) {
    const parsed = invoiceIssuedSchema.safeParse(JSON.parse(entry.payload));
    if (!parsed.success) return undefined;
    const { invoiceNumber, checkCode, document } = parsed.data;
    return { invoiceNumber, checkCode, kind: 'invoice', document };
  }
  if (entry.kind !== LedgerKinds.invoiceCredited) return undefined;
  const parsed = invoiceCreditedSchema.safeParse(JSON.parse(entry.payload));
  if (!parsed.success) return undefined;
  const number = parsed.data.creditNoteNumber;
  return {
    invoiceNumber: number,
    checkCode: creditNoteCheckCode(number, entry.payload),
    kind: 'credit-note',
    reverses: entry.subject,
    document: parsed.data.document,
  };
}
