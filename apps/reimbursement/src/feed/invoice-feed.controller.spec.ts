import { Logger } from '@nestjs/common';
import { oneStatement, type FeedEvent } from '@taxchain/ledger';
import { issuedDocument, issuedInvoice, ledgerEntryAt } from '../invoices/invoice.fixtures';
import { InvoicesRepository } from '../invoices/invoices.repository';
import { IssuedSubscribers } from '../webhooks/issued-subscribers';
import { WebhookOutbox } from '../webhooks/webhook-outbox.service';
import { WebhooksRepository } from '../webhooks/webhooks.repository';
import { InvoiceFeedController } from './invoice-feed.controller';
import { InvoiceReadModel } from './invoice-read-model.service';

const invoice = issuedInvoice();
const document = issuedDocument(invoice);

function issuedEvent(seq: number, payload: unknown): FeedEvent {
  const entry = ledgerEntryAt(seq, 'invoice.issued', `2631100000000000004${seq}`, payload);
  return { entry, payload };
}

describe(InvoiceFeedController.name, () => {
  it('skips an issued entry whose payload does not fit, logging it once, and records the others with their webhook messages', async () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const webhooks = new WebhooksRepository(undefined as never);
    // The fixture's buyer has an endpoint for invoice.issued.
    jest.spyOn(webhooks, 'companiesSubscribedTo').mockResolvedValue([invoice.buyer.taxId]);
    const controller = new InvoiceFeedController(
      new InvoiceReadModel(new InvoicesRepository(undefined as never)),
      new WebhookOutbox(webhooks, new IssuedSubscribers(webhooks)),
    );
    const fits = { document, invoiceNumber: invoice.invoiceNumber, checkCode: invoice.checkCode };
    const broken = { document: { ...document, totals: { net: 'ten' } }, invoiceNumber: 'x' };

    try {
      const writes = await controller.issued([issuedEvent(1, fits), issuedEvent(2, broken)]);

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
