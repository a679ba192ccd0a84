import { Logger } from '@nestjs/common';
import { oneStatement, type FeedEvent, type LedgerEntry } from '@taxchain/ledger';
import { issuedInvoice } from '../invoices/invoice.fixtures';
import { InvoicesRepository } from '../invoices/invoices.repository';
import { WebhookOutbox } from '../webhooks/webhook-outbox.service';
import { WebhooksRepository } from '../webhooks/webhooks.repository';
import { InvoiceFeedController } from './invoice-feed.controller';
import { InvoiceReadModel } from './invoice-read-model.service';

const invoice = issuedInvoice();
/** The signed document of the fixture's invoice, as its invoice.issued payload holds it. */
const document = {
  kind: invoice.kind,
  seller: invoice.seller,
  buyer: invoice.buyer,
  documentNumber: invoice.documentNumber,
  issueDate: invoice.issueDate,
  currency: invoice.currency,
  totals: { net: String(invoice.net), tax: String(invoice.tax), gross: String(invoice.gross) },
  keyId: invoice.keyId,
};

function issuedEvent(seq: number, payload: unknown): FeedEvent {
  const entry: LedgerEntry = {
    chain: 0,
    seq,
    prevHash: '00'.repeat(32),
    entryHash: '11'.repeat(32),
    kind: 'invoice.issued',
    subject: `2631100000000000004${seq}`,
    actor: 'merchant',
    payload: JSON.stringify(payload),
    payloadHash: '22'.repeat(32),
    actorSignature: null,
    recordedAt: '2026-11-23T08:00:00.000Z',
    identity: 'merchant',
  };
  return { entry, payload };
}

describe(InvoiceFeedController.name, () => {
  it('skips an issued entry whose payload does not fit, logging it once, and records the others with their webhook messages', async () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const controller = new InvoiceFeedController(
      new InvoiceReadModel(new InvoicesRepository(undefined as never)),
      new WebhookOutbox(new WebhooksRepository(undefined as never)),
    );
    const fits = { document, invoiceNumber: invoice.invoiceNumber, checkCode: invoice.checkCode };
    const broken = { document: { ...document, totals: { net: 'ten' } }, invoiceNumber: 'x' };

    try {
      const writes = controller.issued([issuedEvent(1, fits), issuedEvent(2, broken)]);

      // Skipped once: the read model and the outbox do not each report it again.
      expect(error.mock.calls.map(([message]: unknown[]) => message)).toEqual([
        expect.stringContaining('invoice.issued at chain 0 seq 2 skipped'),
      ]);
      // The fitting invoice's row and its webhook message, for the feed to run as one statement.
      const { values } = oneStatement(writes);
      expect(values[0]).toEqual([invoice.invoiceNumber]);
      expect(values).toContainEqual(['msg_0_1']);
    } finally {
      error.mockRestore();
    }
  });
});
