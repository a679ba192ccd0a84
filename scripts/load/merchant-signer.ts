import {
  INVOICE_SCHEMA,
  priceLine,
  totalsOf,
  type InvoiceDocument,
  type InvoiceLine,
  type Party,
  type SignedInvoice,
  type VoidDocument,
} from '@taxchain/contracts';
import {
  canonicalBytes,
  generateSecretKey,
  keyId,
  nobleEd25519,
  toHex,
  type Ed25519Engine,
} from '@taxchain/ledger';

type LineInput = Pick<InvoiceLine, 'description' | 'quantity' | 'unitPrice' | 'taxRate'>;

/** A merchant's signing key, as the merchant's own system (or the CLI) holds it. */
export class MerchantSigner {
  readonly publicKey: string;
  readonly keyId: string;
  private documents = 0;

  constructor(
    /** The merchant as registered: its documents name it as seller, name and all. */
    readonly seller: Party,
    readonly secret: Uint8Array = generateSecretKey(),
    /** noble, as a merchant's own system or the CLI signs; load generators pre-sign natively. */
    private readonly engine: Ed25519Engine = nobleEd25519,
  ) {
    const publicKey = engine.publicKeyOf(secret);
    this.publicKey = toHex(publicKey);
    this.keyId = keyId(publicKey);
  }

  get taxId(): string {
    return this.seller.taxId;
  }

  sign(document: unknown): string {
    return toHex(this.engine.sign(canonicalBytes(document), this.secret));
  }

  /** The body of POST /keys: the key and its proof of possession. */
  registration(): { publicKey: string; signature: string } {
    const document = {
      schema: 'taxchain.key.v1',
      taxId: this.taxId,
      keyId: this.keyId,
      publicKey: this.publicKey,
    };
    return { publicKey: this.publicKey, signature: this.sign(document) };
  }

  /** A valid invoice with correctly computed amounts; override any member. */
  invoice(
    buyerTaxId: string,
    overrides: Partial<InvoiceDocument> & { lineInputs?: LineInput[] } = {},
  ): InvoiceDocument {
    const { lineInputs, ...rest } = overrides;
    const inputs = lineInputs ?? [
      // 3 × 12.50 = 3750 fen, tax 487.5 → 488; 2 × 8.80 = 1760 fen, tax 158.4 → 158
      {
        description: 'Wuyi rock tea, 250 g tin',
        quantity: '3',
        unitPrice: '12.50',
        taxRate: '0.13',
      },
      { description: 'Tasting service', quantity: '2', unitPrice: '8.80', taxRate: '0.09' },
    ];
    const lines = inputs.map((line) => ({ ...line, ...priceLine(line) }));
    this.documents += 1;
    return {
      schema: INVOICE_SCHEMA,
      kind: 'invoice',
      seller: { taxId: this.seller.taxId, name: this.seller.name },
      buyer: { taxId: buyerTaxId, name: 'Pudong Tools' },
      documentNumber: `DOC-${Date.now()}-${this.documents}`,
      issueDate: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
      currency: 'CNY',
      lines,
      totals: totalsOf(lines),
      keyId: this.keyId,
      ...rest,
    };
  }

  signed(document: InvoiceDocument): SignedInvoice {
    return { invoice: document, signature: this.sign(document) };
  }

  void(
    invoiceNumber: string,
    reason = 'issued in error',
  ): { document: VoidDocument; signature: string } {
    const document: VoidDocument = {
      schema: 'taxchain.void.v1',
      invoiceNumber,
      sellerTaxId: this.taxId,
      reason,
      keyId: this.keyId,
    };
    return { document, signature: this.sign(document) };
  }
}
