import type { components as IssuingSchemas } from './issuing.openapi';
import type { MerchantKey } from './merchant-key';
import {
  expectData,
  type AuditClient,
  type IssuingClient,
  type ReimbursementClient,
} from './typed-clients';

type InvoiceDocument = IssuingSchemas['schemas']['InvoiceDocumentDto'];
type InvoiceLine = IssuingSchemas['schemas']['InvoiceLineDto'];
type Party = IssuingSchemas['schemas']['InvoicePartyDto'];

/** Asks again while the answer is 503 or a problem marked `retryable` (not yet seen). */
async function untilVisible<T extends { response: Response; error?: unknown }>(
  call: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answer = await call();
    const retryable =
      answer.response.status === 503 ||
      (answer.error as { retryable?: boolean } | undefined)?.retryable;
    if (!retryable || Date.now() > deadline) return answer;
    await new Promise((done) => setTimeout(done, 200));
  }
}

/** The first result `done` accepts, asking again for up to 30 s (the feed is asynchronous). */
export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Today in China (UTC+8), the latest issue date the platform accepts. */
const today = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The administrator: registers parties and hands out credentials. */
export class Admin {
  constructor(private readonly issuing: IssuingClient) {}

  async registerParty(taxId: string, name: string, roles: Array<'merchant' | 'company'>) {
    const body = { taxId, name, roles };
    return expectData(await this.issuing.POST('/admin/parties', { body }), 'register party');
  }

  async credential(role: 'merchant' | 'company' | 'official', taxId?: string): Promise<string> {
    const body = { role, taxId, label: `generated client ${role}` };
    return expectData(await this.issuing.POST('/admin/credentials', { body }), 'credential').token;
  }
}

/** A merchant that signs its documents with its own key. */
export class Merchant {
  constructor(
    private readonly issuing: IssuingClient,
    readonly party: Party,
    private readonly key: MerchantKey,
  ) {}

  async registerKey() {
    const { publicKey, keyId } = this.key;
    const proof = { schema: 'taxchain.key.v1', taxId: this.party.taxId, keyId, publicKey };
    const body = { publicKey, signature: await this.key.sign(proof) };
    return expectData(await this.issuing.POST('/keys', { body }), 'register key');
  }

  /** One line of `quantity` × `unitPrice` yuan at 13 %. */
  document(buyer: Party, documentNumber: string, quantity: number, unitPrice: number) {
    const amount = quantity * unitPrice * 100;
    const tax = Math.round(amount * 0.13);
    const line: InvoiceLine = {
      description: 'Wuyi rock tea, 250 g tin',
      quantity: String(quantity),
      unitPrice: unitPrice.toFixed(2),
      taxRate: '0.13',
      amount: String(amount),
      tax: String(tax),
    };
    const document: InvoiceDocument = {
      schema: 'taxchain.invoice.v1',
      kind: 'invoice',
      seller: this.party,
      buyer,
      documentNumber,
      issueDate: today(),
      currency: 'CNY',
      lines: [line],
      totals: { net: String(amount), tax: String(tax), gross: String(amount + tax) },
      keyId: this.key.keyId,
    };
    return document;
  }

  async issue(invoice: InvoiceDocument) {
    const body = { invoice, signature: await this.key.sign(invoice) };
    return expectData(await this.issuing.POST('/invoices', { body }), 'issue');
  }

  async void(invoiceNumber: string, reason: string) {
    const document = {
      schema: 'taxchain.void.v1' as const,
      invoiceNumber,
      sellerTaxId: this.party.taxId,
      reason,
      keyId: this.key.keyId,
    };
    const body = { document, signature: await this.key.sign(document) };
    const params = { path: { number: invoiceNumber } };
    return expectData(await this.issuing.POST('/invoices/{number}/void', { params, body }), 'void');
  }

  async credit(invoiceNumber: string, note: InvoiceDocument) {
    const invoice = { ...note, kind: 'credit-note' as const, creditedInvoiceNumber: invoiceNumber };
    const body = { invoice, signature: await this.key.sign(invoice) };
    const params = { path: { number: invoiceNumber } };
    return expectData(
      await this.issuing.POST('/invoices/{number}/credit-notes', { params, body }),
      'credit note',
    );
  }

  async invoice(invoiceNumber: string) {
    const params = { path: { number: invoiceNumber } };
    return expectData(await this.issuing.GET('/invoices/{number}', { params }), 'invoice');
  }
}

/** A buyer company: verifies invoices and reimburses them once. */
export class Company {
  constructor(private readonly reimbursement: ReimbursementClient) {}

  async verify(invoiceNumber: string, checkCode: string) {
    const params = { path: { number: invoiceNumber }, query: { checkCode } };
    const answer = await untilVisible(() =>
      this.reimbursement.GET('/invoices/{number}', { params }),
    );
    return expectData(answer, 'verify');
  }

  async claim(invoiceNumber: string, checkCode: string, expenseReference: string) {
    const body = { invoiceNumber, checkCode, expenseReference };
    const answer = await untilVisible(() => this.reimbursement.POST('/claims', { body }));
    return expectData(answer, 'claim');
  }

  async complete(claimId: string) {
    const params = { path: { id: claimId } };
    return expectData(
      await this.reimbursement.POST('/claims/{id}/complete', { params }),
      'complete',
    );
  }
}

/** A tax official: searches every invoice. */
export class Official {
  constructor(private readonly audit: AuditClient) {}

  /** The seller's invoices, as the audit sees them now. */
  async invoicesOf(seller: string) {
    const query = { seller, limit: 50 };
    return expectData(await this.audit.GET('/invoices', { params: { query } }), 'search').items;
  }
}
