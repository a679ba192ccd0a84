import { Logger } from '@nestjs/common';
import { LedgerFeedContext, type FeedEvent, type LedgerEntry } from '@taxchain/ledger';
import type { EntityManager } from 'typeorm';
import { InvoicesRepository } from '../invoices/invoices.repository';
import { WebhookOutbox } from '../webhooks/webhook-outbox.service';
import { WebhooksRepository } from '../webhooks/webhooks.repository';
import { InvoiceFeedController } from './invoice-feed.controller';
import { InvoiceReadModel } from './invoice-read-model.service';

const document = {
  kind: 'invoice',
  seller: { taxId: '91350100M000100Y43', name: 'Min River Tea' },
  buyer: { taxId: '91310115MA1H2K3L0C', name: 'Pudong Tools' },
  documentNumber: 'MRT-0042',
  issueDate: '2026-11-23',
  currency: 'CNY',
  totals: { net: '10000', tax: '1300', gross: '11300' },
  keyId: 'k',
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
    const query = jest.fn().mockResolvedValue([]);
    const tx = { query } as unknown as EntityManager;
    const controller = new InvoiceFeedController(
      new InvoiceReadModel(new InvoicesRepository(undefined as never)),
      new WebhookOutbox(new WebhooksRepository(undefined as never)),
    );
    const fits = { document, invoiceNumber: '26311000000000000042', checkCode: '482913' };
    const broken = { document: { ...document, totals: { net: 'ten' } }, invoiceNumber: 'x' };

    try {
      await controller.issued(
        [issuedEvent(1, fits), issuedEvent(2, broken)],
        new LedgerFeedContext([tx]),
      );

      // Skipped once: the read model and the outbox do not each report it again.
      expect(error.mock.calls.map(([message]: unknown[]) => message)).toEqual([
        expect.stringContaining('invoice.issued at chain 0 seq 2 skipped'),
      ]);
      // One statement: the fitting invoice's row and its webhook message.
      expect(query).toHaveBeenCalledTimes(1);
      const [, values] = query.mock.calls[0] as [string, unknown[][]];
      expect(values[0]).toEqual(['26311000000000000042']);
      expect(values).toContainEqual(['msg_0_1']);
    } finally {
      error.mockRestore();
    }
  });
});
