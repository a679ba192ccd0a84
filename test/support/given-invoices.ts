import { randomInt } from 'node:crypto';
import {
  INVOICE_SCHEMA,
  LedgerKinds,
  checkCode,
  generateTaxId,
  type InvoiceCreditedPayload,
  type InvoiceDocument,
  type InvoiceIssuedPayload,
  type InvoiceVoidedPayload,
  type KeyRegisteredPayload,
} from '@taxchain/contracts';
import {
  LedgerAppender,
  canonicalBytes,
  generateSecretKey,
  keyId,
  nobleEd25519,
  sha256,
  toHex,
} from '@taxchain/ledger';

export interface GivenInvoice {
  invoiceNumber: string;
  checkCode: string;
  document: InvoiceDocument;
}

/** A 20-digit platform invoice number, random enough not to collide within a run. */
export function invoiceNumber(): string {
  return `26${String(randomInt(1e9)).padStart(9, '0')}${String(randomInt(1e9)).padStart(9, '0')}`;
}

/**
 * Invoices recorded straight on the ledger, as the issuing service records them: the relay
 * publishes them and the reimbursement feed picks them up, exactly as in production.
 * Actor signatures are left out (null) unless asked for: these tests are about the buyer's side.
 */
export class GivenInvoices {
  readonly sellerTaxId = generateTaxId('350100');

  private readonly secretKey = generateSecretKey();
  private readonly keyId = keyId(nobleEd25519.publicKeyOf(this.secretKey));
  private keyRecorded?: Promise<void>;

  constructor(private readonly appender: LedgerAppender) {}

  /** The seller's key, on the ledger as the issuing service records it (once). */
  private registerKey(): Promise<void> {
    const payload: KeyRegisteredPayload = {
      document: {
        schema: 'taxchain.key.v1',
        taxId: this.sellerTaxId,
        keyId: this.keyId,
        publicKey: toHex(nobleEd25519.publicKeyOf(this.secretKey)),
      },
    };
    this.keyRecorded ??= this.record(
      LedgerKinds.keyRegistered,
      `key:${this.keyId}`,
      payload,
      this.keyId,
      this.sign(payload.document),
    );
    return this.keyRecorded;
  }

  private sign(document: object): string {
    return toHex(nobleEd25519.sign(canonicalBytes(document), this.secretKey));
  }

  /** 2 × 50.00 at 13 %: net 10000, tax 1300, gross 11300 fen. */
  async issued(
    buyerTaxId: string,
    options: { signed?: boolean; number?: string; issueDate?: string } = {},
  ): Promise<GivenInvoice> {
    const number = options.number ?? invoiceNumber();
    const document: InvoiceDocument = {
      schema: INVOICE_SCHEMA,
      kind: 'invoice',
      seller: { taxId: this.sellerTaxId, name: 'Min River Tea Co., Ltd.' },
      buyer: { taxId: buyerTaxId, name: 'Pudong Tools Co., Ltd.' },
      documentNumber: `MRT-${number.slice(-8)}`,
      issueDate: options.issueDate ?? '2026-11-23',
      currency: 'CNY',
      lines: [
        {
          description: 'Oolong tea, 250 g',
          quantity: '2',
          unitPrice: '50.00',
          taxRate: '0.13',
          amount: '10000',
          tax: '1300',
        },
      ],
      totals: { net: '10000', tax: '1300', gross: '11300' },
      keyId: this.keyId,
    };
    const code = checkCode(number, toHex(sha256(canonicalBytes(document))));
    const payload: InvoiceIssuedPayload = { document, invoiceNumber: number, checkCode: code };
    if (options.signed) await this.registerKey();
    await this.record(
      LedgerKinds.invoiceIssued,
      number,
      payload,
      `${this.sellerTaxId}:${document.documentNumber}`,
      options.signed ? this.sign(document) : null,
    );
    return { invoiceNumber: number, checkCode: code, document };
  }

  async voided(invoice: GivenInvoice): Promise<void> {
    const payload: InvoiceVoidedPayload = {
      document: {
        schema: 'taxchain.void.v1',
        invoiceNumber: invoice.invoiceNumber,
        sellerTaxId: this.sellerTaxId,
        reason: 'Order cancelled',
        keyId: invoice.document.keyId,
      },
    };
    await this.record(
      LedgerKinds.invoiceVoided,
      invoice.invoiceNumber,
      payload,
      invoice.invoiceNumber,
    );
  }

  /** A credit note taking `amount` (gross, fen) back from the invoice. */
  /** A credit note taking back all but `remainingGross` of the invoice; its number. */
  async credited(invoice: GivenInvoice, remainingGross: string): Promise<string> {
    const creditNoteNumber = invoiceNumber();
    // Only the totals matter downstream: what is taken back, as one untaxed amount.
    const taken = String(BigInt(invoice.document.totals.gross) - BigInt(remainingGross));
    const payload: InvoiceCreditedPayload = {
      document: {
        ...invoice.document,
        kind: 'credit-note',
        documentNumber: `CN-${creditNoteNumber.slice(-8)}`,
        totals: { net: taken, tax: '0', gross: taken },
        creditedInvoiceNumber: invoice.invoiceNumber,
      },
      creditNoteNumber,
      remainingGross,
    };
    await this.record(
      LedgerKinds.invoiceCredited,
      invoice.invoiceNumber,
      payload,
      creditNoteNumber,
    );
    return creditNoteNumber;
  }

  private async record(
    kind: string,
    subject: string,
    payload: object,
    key: string,
    actorSignature: string | null = null,
  ): Promise<void> {
    await this.appender.commit({
      subject,
      run: () =>
        Promise.resolve({
          value: null,
          entries: [
            {
              kind,
              subject,
              actor: `merchant:${this.sellerTaxId}`,
              payload,
              actorSignature,
              identity: `${kind}:${key}`,
            },
          ],
        }),
    });
  }
}
