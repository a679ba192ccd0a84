import { Injectable } from '@nestjs/common';
import { LedgerKinds, type InvoiceVoidedPayload, type VoidDocument } from '@taxchain/contracts';
import { CanonicalJson, LedgerAppender } from '@taxchain/ledger';
import { MerchantSignatures } from '../keys/merchant-signatures';
import { INVOICE_NUMBER_PATTERN } from './invoice-number';
import type { InvoiceRecord } from './invoice-record';
import { InvoicesException, InvoicesExceptionCode as Code } from './invoices.exception';
import { InvoicesRepository } from './invoices.repository';
import { ReimbursementState } from './reimbursement-state';

export interface SignedVoid {
  document: VoidDocument;
  signature: string;
}

/** Voids an unclaimed, uncredited invoice on the merchant's signed instruction. */
@Injectable()
export class VoidInvoiceService {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly signatures: MerchantSignatures,
    private readonly reimbursements: ReimbursementState,
    private readonly appender: LedgerAppender,
  ) {}

  async void(taxId: string, invoiceNumber: string, signed: SignedVoid): Promise<InvoiceRecord> {
    const { document } = signed;
    if (
      !INVOICE_NUMBER_PATTERN.test(invoiceNumber) ||
      !(await this.invoices.findOwn(taxId, invoiceNumber))
    )
      throw InvoicesException.notFound(invoiceNumber);
    if (document.invoiceNumber !== invoiceNumber)
      throw InvoicesException.invalidField(
        `document.invoiceNumber must be ${invoiceNumber}, the invoice voided`,
      );
    if (document.sellerTaxId !== taxId)
      throw new InvoicesException(
        Code.SellerMismatch,
        `The void names seller ${document.sellerTaxId}, not you.`,
      );
    const signedDocument = await this.signatures.verify(
      taxId,
      document,
      signed.signature,
      'void document',
    );
    const committed = await this.appender.commit({
      subject: invoiceNumber,
      run: async (tx) => {
        const invoice = await this.invoices.findOwn(taxId, invoiceNumber, { tx, lock: true });
        if (!invoice) throw InvoicesException.notFound(invoiceNumber);
        if (invoice.status === 'voided')
          throw new InvoicesException(
            Code.AlreadyVoided,
            `Invoice ${invoiceNumber} is already voided.`,
          );
        if (invoice.kind !== 'invoice')
          throw new InvoicesException(Code.WrongKind, 'A credit note cannot be voided.');
        if (invoice.creditedGross !== '0')
          throw new InvoicesException(
            Code.Credited,
            `Invoice ${invoiceNumber} has credit notes; credit the rest instead.`,
          );
        // The key's share lock before the chain head's: fewer lock-order cycles with revocations.
        await this.signatures.assertUsable(tx, taxId, document.keyId);
        await this.reimbursements.assertNotClaimed(tx, invoiceNumber);
        await this.invoices.markVoided(tx, invoiceNumber);
        // The document as the signature check canonicalized it: not canonicalized again.
        const payload = CanonicalJson.object<InvoiceVoidedPayload>({ document: signedDocument });
        const entry = {
          kind: LedgerKinds.invoiceVoided,
          subject: invoiceNumber,
          actor: `merchant:${taxId}`,
          payload,
          actorSignature: signed.signature,
          identity: `invoice.voided:${invoiceNumber}`,
        };
        return { value: null, entries: [entry] };
      },
    });
    if (committed.replayed)
      throw new InvoicesException(
        Code.AlreadyVoided,
        `Invoice ${invoiceNumber} is already voided.`,
      );
    const voided = await this.invoices.findOwn(taxId, invoiceNumber);
    if (!voided) throw InvoicesException.notFound(invoiceNumber);
    return voided;
  }
}
