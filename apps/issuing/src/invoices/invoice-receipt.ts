import type { InvoiceRecord } from './invoice-record';

/** What issuing (or crediting) answers: enough to print the invoice and to fetch its proof. */
export interface InvoiceReceipt {
  invoiceNumber: string;
  checkCode: string;
  entryHash: string;
  status: InvoiceRecord['status'];
  proofUrl: string;
  buyerRegistered: boolean;
  /** True when this was a retry of an invoice already issued: nothing new was written. */
  replayed: boolean;
}

export function receiptOf(
  invoice: Pick<
    InvoiceRecord,
    'invoiceNumber' | 'checkCode' | 'entryHash' | 'status' | 'buyerRegistered'
  >,
  replayed: boolean,
): InvoiceReceipt {
  if (!invoice.entryHash) throw new Error(`invoice ${invoice.invoiceNumber} has no ledger entry`);
  return {
    invoiceNumber: invoice.invoiceNumber,
    checkCode: invoice.checkCode,
    entryHash: invoice.entryHash,
    status: invoice.status,
    proofUrl: `/invoices/${invoice.invoiceNumber}/proof`,
    buyerRegistered: invoice.buyerRegistered,
    replayed,
  };
}
