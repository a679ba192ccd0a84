import { Injectable } from '@nestjs/common';
import { LedgerKinds, type InvoiceIssuedPayload, type SignedInvoice } from '@taxchain/contracts';
import { LedgerAppender } from '@taxchain/ledger';
import { MerchantSignatures } from '../keys/merchant-signatures';
import { InvoiceChecks } from './invoice-checks.service';
import { issueIdentity, type InvoiceRecord } from './invoice-record';
import { InvoiceWriter } from './invoice-writer';
import { receiptOf, type InvoiceReceipt } from './invoice-receipt';

/** Issues a merchant-signed invoice: its row and its invoice.issued entry in one transaction. */
@Injectable()
export class IssueInvoiceService {
  constructor(
    private readonly checks: InvoiceChecks,
    private readonly writer: InvoiceWriter,
    private readonly signatures: MerchantSignatures,
    private readonly appender: LedgerAppender,
  ) {}

  async issue(taxId: string, signed: SignedInvoice): Promise<InvoiceReceipt> {
    const earlier = await this.writer.earlierIssue(taxId, signed);
    if (earlier) return receiptOf(earlier, true);
    const checked = await this.checks.check(taxId, signed, 'invoice');
    const invoice = await this.writer.prepare(signed, checked);
    const payload: InvoiceIssuedPayload = {
      document: signed.invoice,
      invoiceNumber: invoice.invoiceNumber,
      checkCode: invoice.checkCode,
    };
    const committed = await this.appender.commit<InvoiceRecord | undefined>({
      subject: invoice.invoiceNumber,
      run: async (tx) => {
        const entry = {
          kind: LedgerKinds.invoiceIssued,
          subject: invoice.invoiceNumber,
          actor: `merchant:${taxId}`,
          payload,
          actorSignature: signed.signature,
          identity: issueIdentity(invoice),
        };
        // A retry finds its original and records nothing; its drawn number stays unused.
        const original = await this.writer.insertOrReplay(tx, invoice);
        if (original)
          return { value: original, entries: InvoiceWriter.replayEntries(original, entry) };
        return { value: undefined, entries: [entry] };
      },
    });
    if (committed.replayed) return receiptOf(await this.writer.committedOriginal(invoice), true);
    if (committed.value) return receiptOf(committed.value, true);
    return receiptOf(
      { ...invoice, status: 'issued', entryHash: committed.entries[0].entryHash },
      false,
    );
  }
}
