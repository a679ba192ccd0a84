import { Inject, Injectable } from '@nestjs/common';
import type { InvoiceKind, SignedInvoice } from '@taxchain/contracts';
import type { CanonicalJson } from '@taxchain/ledger';
import { TaxIdPolicy } from '@taxchain/platform';
import type { Merchant } from '../common/merchant-tax-id';
import { MerchantSignatures } from '../keys/merchant-signatures';
import { checkInvoiceRules, todayInChina } from './invoice-rules';
import { InvoicesException, InvoicesExceptionCode } from './invoices.exception';

/** Token of the accepted tax rates (a readonly string[]); tests and deployments may replace it. */
export const TAX_RATES = Symbol('TAX_RATES');

export interface CheckedInvoice {
  /** GB/T 2260 region of the seller (or what TAX_ID_PATTERN's `region` group captured). */
  sellerRegion: string;
  /** The document's canonical JSON, the bytes its signature was verified over. */
  signedDocument: CanonicalJson;
}

/**
 * Everything a signed invoice or credit note must satisfy before it is written, cheapest
 * first; signature verification comes last because it costs the most.
 */
@Injectable()
export class InvoiceChecks {
  constructor(
    private readonly taxIds: TaxIdPolicy,
    private readonly signatures: MerchantSignatures,
    @Inject(TAX_RATES) private readonly taxRates: readonly string[],
  ) {}

  async check(
    merchant: Merchant,
    signed: SignedInvoice,
    kind: InvoiceKind,
  ): Promise<CheckedInvoice> {
    const { invoice } = signed;
    if (invoice.seller.taxId !== merchant.taxId)
      throw new InvoicesException(
        InvoicesExceptionCode.SellerMismatch,
        `The invoice names seller ${invoice.seller.taxId}; you may only issue as ${merchant.taxId}.`,
      );
    if (invoice.kind !== kind)
      throw new InvoicesException(
        InvoicesExceptionCode.WrongKind,
        kind === 'invoice'
          ? 'Issue credit notes through POST /invoices/{number}/credit-notes.'
          : 'This endpoint takes a document of kind credit-note.',
      );
    if (kind === 'invoice' && invoice.creditedInvoiceNumber !== undefined)
      throw InvoicesException.invalidField(
        'invoice.creditedInvoiceNumber must be absent on an invoice',
      );
    const seller = this.taxIds.validate(invoice.seller.taxId);
    if (!seller.ok) throw InvoicesException.invalidField(`invoice.seller.taxId ${seller.reason}`);
    const buyer = this.taxIds.validate(invoice.buyer.taxId);
    if (!buyer.ok) throw InvoicesException.invalidField(`invoice.buyer.taxId ${buyer.reason}`);
    // A fapiao names its seller as registered with the tax authority, character for character.
    if (invoice.seller.name !== merchant.name)
      throw new InvoicesException(
        InvoicesExceptionCode.SellerNameMismatch,
        `invoice.seller.name is '${invoice.seller.name}'; ${merchant.taxId} is registered as '${merchant.name}'.`,
        { registeredName: merchant.name },
      );
    checkInvoiceRules(invoice, { taxRates: this.taxRates, today: todayInChina() });
    const signedDocument = await this.signatures.verify(
      merchant.taxId,
      invoice,
      signed.signature,
      'invoice',
    );
    return { sellerRegion: seller.region, signedDocument };
  }
}
