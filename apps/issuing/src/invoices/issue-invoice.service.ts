import { Injectable } from '@nestjs/common';
import { LedgerKinds, type InvoiceIssuedPayload, type SignedInvoice } from '@taxchain/contracts';
import { CanonicalJson, LedgerAppender, shareIn, type EntryDraft } from '@taxchain/ledger';
import type { Merchant } from '../common/merchant-tax-id';
import { InvoiceChecks } from './invoice-checks.service';
import { issueIdentity } from './invoice-record';
import { InvoiceWriter, type Written } from './invoice-writer';
import { receiptOf, type InvoiceReceipt } from './invoice-receipt';

/** Issues a merchant-signed invoice: its row and its invoice.issued entry in one transaction. */
@Injectable()
export class IssueInvoiceService {
  constructor(
    private readonly checks: InvoiceChecks,
    private readonly writer: InvoiceWriter,
    private readonly appender: LedgerAppender,
  ) {}

  async issue(merchant: Merchant, signed: SignedInvoice): Promise<InvoiceReceipt> {
    const { taxId } = merchant;
    const checked = await this.checks.check(merchant, signed, 'invoice').catch(async (refused) => {
      // A retry is answered whatever the checks say now (say its key was revoked since): the
      // same signed document stays the same invoice. Looked up only when refused, so that a new
      // invoice costs no statement for it; a retry that passes is found by the insert below.
      const earlier = await this.writer.earlierIssue(taxId, signed);
      if (earlier) return earlier;
      throw refused;
    });
    if ('invoiceNumber' in checked) return receiptOf(checked, true);
    const invoice = await this.writer.prepare(signed, checked);
    // The document as the signature check canonicalized it: not canonicalized again.
    const payload = CanonicalJson.object<InvoiceIssuedPayload>({
      document: checked.signedDocument,
      invoiceNumber: invoice.invoiceNumber,
      checkCode: invoice.checkCode,
    });
    const committed = await this.appender.commit({
      subject: invoice.invoiceNumber,
      // Its row is written with the other invoice rows of its ledger transaction, in one statement.
      shared: shareIn(this.writer.insertStep, invoice),
      run: async (tx, inserted): Promise<{ value: Written; entries: EntryDraft[] }> => {
        const entry = {
          kind: LedgerKinds.invoiceIssued,
          subject: invoice.invoiceNumber,
          actor: `merchant:${taxId}`,
          payload,
          actorSignature: signed.signature,
          identity: issueIdentity(invoice),
        };
        // A retry finds its original and records nothing; its drawn number stays unused.
        const written = await this.writer.insertOrReplay(tx, invoice, inserted);
        if ('original' in written)
          return {
            value: written,
            entries: InvoiceWriter.replayEntries(written.original, entry),
          };
        return { value: written, entries: [entry] };
      },
    });
    if (committed.replayed) return receiptOf(await this.writer.committedOriginal(invoice), true);
    if ('original' in committed.value) return receiptOf(committed.value.original, true);
    return receiptOf(
      {
        ...invoice,
        buyerRegistered: committed.value.buyerRegistered,
        status: 'issued',
        entryHash: committed.entries[0].entryHash,
      },
      false,
    );
  }
}
