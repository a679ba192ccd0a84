import { randomInt, randomUUID } from 'node:crypto';
import {
  INVOICE_SCHEMA,
  LedgerKinds,
  checkCode,
  generateTaxId,
  type InvoiceCreditedPayload,
  type InvoiceDocument,
  type InvoiceIssuedPayload,
  type InvoiceLine,
  type InvoiceVoidedPayload,
  type ReimbursementPayload,
} from '@taxchain/contracts';
import { LedgerAppender, canonicalBytes, sha256, toHex, type LedgerEntry } from '@taxchain/ledger';

export interface IssuedInvoice {
  invoiceNumber: string;
  document: InvoiceDocument;
  entry: LedgerEntry;
}

export interface InvoiceOptions {
  seller?: string;
  buyer?: string;
  sellerName?: string;
  buyerName?: string;
  issueDate?: string;
  lines?: InvoiceLine[];
}

/** A fresh, valid tax ID in Fuzhou (350100) unless another division is given. */
export const taxId = (region = '350100') => generateTaxId(region);

function invoiceNumber(): string {
  return `26${String(randomInt(1e9)).padStart(9, '0')}${String(randomInt(1e9)).padStart(9, '0')}`;
}

/** 2 × 50.00 at 13 %: net 10000, tax 1300. */
const TEA: InvoiceLine = {
  description: 'Oolong tea, 250 g',
  quantity: '2',
  unitPrice: '50.00',
  taxRate: '0.13',
  amount: '10000',
  tax: '1300',
};

/** TEA and a tea set, 1 × 100.00 at 9 % (10000 + 900): an invoice with lines at two rates. */
export const TWO_RATES: InvoiceLine[] = [
  TEA,
  {
    description: 'Tea set',
    quantity: '1',
    unitPrice: '100.00',
    taxRate: '0.09',
    amount: '10000',
    tax: '900',
  },
];

/**
 * Ledger entries recorded straight through the LedgerAppender with the payloads the issuing
 * and reimbursement services record (contracts' ledger-payloads), so the audit service sees
 * them over the relay and Kafka exactly as in production. Actor signatures are null.
 */
export class GivenLedgerEvents {
  constructor(private readonly appender: LedgerAppender) {}

  async issued(options: InvoiceOptions = {}): Promise<IssuedInvoice> {
    const number = invoiceNumber();
    const seller = options.seller ?? taxId();
    const lines = options.lines ?? [TEA];
    const net = lines.reduce((sum, l) => sum + BigInt(l.amount), 0n);
    const tax = lines.reduce((sum, l) => sum + BigInt(l.tax), 0n);
    const document: InvoiceDocument = {
      schema: INVOICE_SCHEMA,
      kind: 'invoice',
      seller: { taxId: seller, name: options.sellerName ?? `Seller ${seller.slice(-6)} Co., Ltd.` },
      buyer: {
        taxId: options.buyer ?? taxId('310115'),
        name: options.buyerName ?? 'Pudong Tools Co., Ltd.',
      },
      documentNumber: `D-${number.slice(-10)}`,
      issueDate: options.issueDate ?? '2026-11-23',
      currency: 'CNY',
      lines,
      totals: { net: String(net), tax: String(tax), gross: String(net + tax) },
      keyId: '0123456789abcdef0123456789abcdef',
    };
    const payload: InvoiceIssuedPayload = {
      document,
      invoiceNumber: number,
      checkCode: checkCode(number, toHex(sha256(canonicalBytes(document)))),
    };
    const entry = await this.record(
      LedgerKinds.invoiceIssued,
      number,
      `merchant:${seller}`,
      payload,
    );
    return { invoiceNumber: number, document, entry };
  }

  voided(invoice: IssuedInvoice): Promise<LedgerEntry> {
    const payload: InvoiceVoidedPayload = {
      document: {
        schema: 'taxchain.void.v1',
        invoiceNumber: invoice.invoiceNumber,
        sellerTaxId: invoice.document.seller.taxId,
        reason: 'Order cancelled',
        keyId: invoice.document.keyId,
      },
    };
    return this.record(
      LedgerKinds.invoiceVoided,
      invoice.invoiceNumber,
      `merchant:${invoice.document.seller.taxId}`,
      payload,
    );
  }

  /** A credit note taking back `lines` from the invoice; `remainingGross` as issuing computes it. */
  credited(
    invoice: IssuedInvoice,
    lines: InvoiceLine[],
    remainingGross: string,
  ): Promise<LedgerEntry> {
    const net = lines.reduce((sum, l) => sum + BigInt(l.amount), 0n);
    const tax = lines.reduce((sum, l) => sum + BigInt(l.tax), 0n);
    const creditNoteNumber = invoiceNumber();
    const payload: InvoiceCreditedPayload = {
      document: {
        ...invoice.document,
        kind: 'credit-note',
        documentNumber: `CN-${creditNoteNumber.slice(-10)}`,
        lines,
        totals: { net: String(net), tax: String(tax), gross: String(net + tax) },
        creditedInvoiceNumber: invoice.invoiceNumber,
      },
      creditNoteNumber,
      remainingGross,
    };
    return this.record(
      LedgerKinds.invoiceCredited,
      invoice.invoiceNumber,
      `merchant:${invoice.document.seller.taxId}`,
      payload,
    );
  }

  /** reimbursement.claimed | completed | released | refused by the invoice's buyer. */
  reimbursement(
    kind: 'claimed' | 'completed' | 'released' | 'refused',
    invoice: IssuedInvoice,
    options: { claimId?: string; reason?: string } = {},
  ): Promise<LedgerEntry> {
    const buyer = invoice.document.buyer.taxId;
    const payload: ReimbursementPayload = {
      schema: 'taxchain.reimbursement.v1',
      claimId: options.claimId ?? randomUUID(),
      invoiceNumber: invoice.invoiceNumber,
      buyerTaxId: buyer,
      amount: invoice.document.totals.gross,
      ...(options.reason ? { reason: options.reason } : {}),
    };
    return this.record(`reimbursement.${kind}`, invoice.invoiceNumber, `company:${buyer}`, payload);
  }

  private async record(
    kind: string,
    subject: string,
    actor: string,
    payload: object,
  ): Promise<LedgerEntry> {
    const committed = await this.appender.commit({
      subject,
      run: () =>
        Promise.resolve({
          value: null,
          entries: [
            { kind, subject, actor, payload, actorSignature: null, identity: randomUUID() },
          ],
        }),
    });
    return committed.entries[0];
  }
}
