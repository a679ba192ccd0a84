import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { LedgerKinds, type InvoiceCreditedPayload, type SignedInvoice } from '@taxchain/contracts';
import { CanonicalJson, LedgerAppender } from '@taxchain/ledger';
import type { Merchant } from '../common/merchant-tax-id';
import { MerchantSignatures } from '../keys/merchant-signatures';
import { checkCreditNoteLines } from './credit-note-rules';
import { InvoiceChecks } from './invoice-checks.service';
import { issueIdentity, type NewInvoice } from './invoice-record';
import { receiptOf, type InvoiceReceipt } from './invoice-receipt';
import { InvoiceWriter, type Written } from './invoice-writer';
import { InvoicesException, InvoicesExceptionCode as Code } from './invoices.exception';
import { InvoicesRepository } from './invoices.repository';
import { ReimbursementState } from './reimbursement-state';

/**
 * Issues a credit note (red-letter invoice) against one of the merchant's invoices. Its amounts
 * are positive: they say how much of the original is taken back. The entry invoice.credited is
 * recorded on the original's subject, so the original's history alone shows what remains.
 */
@Injectable()
export class CreditInvoiceService {
  constructor(
    private readonly checks: InvoiceChecks,
    private readonly writer: InvoiceWriter,
    private readonly signatures: MerchantSignatures,
    private readonly invoices: InvoicesRepository,
    private readonly reimbursements: ReimbursementState,
    private readonly appender: LedgerAppender,
  ) {}

  async credit(
    merchant: Merchant,
    originalNumber: string,
    signed: SignedInvoice,
  ): Promise<InvoiceReceipt> {
    const { taxId } = merchant;
    if (!(await this.invoices.findOwn(taxId, originalNumber)))
      throw InvoicesException.notFound(originalNumber);
    if (signed.invoice.creditedInvoiceNumber !== originalNumber)
      throw new InvoicesException(
        Code.CreditMismatch,
        `creditedInvoiceNumber must be ${originalNumber}.`,
      );
    const earlier = await this.writer.earlierIssue(taxId, signed);
    if (earlier) return receiptOf(earlier, true);
    const checked = await this.checks.check(merchant, signed, 'credit-note');
    const note = await this.writer.prepare(signed, checked);
    const committed = await this.appender.commit<Written>({
      subject: originalNumber,
      run: async (tx) => {
        const entry = (remainingGross: string) => {
          // The document as the signature check canonicalized it: not canonicalized again.
          const payload = CanonicalJson.object<InvoiceCreditedPayload>({
            document: checked.signedDocument,
            creditNoteNumber: note.invoiceNumber,
            remainingGross,
          });
          return {
            kind: LedgerKinds.invoiceCredited,
            subject: originalNumber,
            actor: `merchant:${taxId}`,
            payload,
            actorSignature: signed.signature,
            identity: issueIdentity(note),
          };
        };
        // A retry first: it must succeed even when its own credit used up the original.
        const replay = await this.writer.original(tx, note);
        if (replay)
          return {
            value: { original: replay },
            entries: InvoiceWriter.replayEntries(replay, entry('')),
          };
        await this.signatures.assertUsable(tx, taxId, signed.invoice.keyId);
        const remaining = await this.takeCredit(tx, taxId, originalNumber, note);
        const written = await this.writer.insertOrReplay(tx, note);
        if ('original' in written)
          return {
            value: written,
            entries: InvoiceWriter.replayEntries(written.original, entry('')),
          };
        return { value: written, entries: [entry(remaining)] };
      },
    });
    if (committed.replayed) return receiptOf(await this.writer.committedOriginal(note), true);
    if ('original' in committed.value) return receiptOf(committed.value.original, true);
    return receiptOf(
      {
        ...note,
        buyerRegistered: committed.value.buyerRegistered,
        status: 'issued',
        entryHash: committed.entries[0].entryHash,
      },
      false,
    );
  }

  /**
   * Checks the original under its row lock (which also orders concurrent credit notes against it,
   * so each one sees the earlier ones) and books the credit; returns the gross remaining.
   */
  private async takeCredit(
    tx: EntityManager,
    taxId: string,
    originalNumber: string,
    note: NewInvoice,
  ): Promise<string> {
    const original = await this.invoices.findOwn(taxId, originalNumber, { tx, lock: true });
    if (!original) throw InvoicesException.notFound(originalNumber);
    if (original.kind !== 'invoice')
      throw new InvoicesException(
        Code.CreditMismatch,
        `${originalNumber} is a credit note itself.`,
      );
    if (original.buyerTaxId !== note.buyerTaxId || original.currency !== note.currency)
      throw new InvoicesException(
        Code.CreditMismatch,
        `A credit note must name the original's buyer (${original.buyerTaxId}) and currency (${original.currency}).`,
      );
    if (original.status === 'voided')
      throw new InvoicesException(Code.AlreadyVoided, `Invoice ${originalNumber} is voided.`);
    await this.reimbursements.assertNotClaimed(tx, originalNumber);
    const earlier = await this.invoices.creditNotesOf(tx, originalNumber);
    checkCreditNoteLines(originalNumber, original.document, earlier, note.document);
    const remaining = BigInt(original.gross) - BigInt(original.creditedGross) - BigInt(note.gross);
    await this.invoices.addCredit(tx, originalNumber, note.gross);
    return String(remaining);
  }
}
