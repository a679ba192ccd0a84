import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ledgerMigrations, oneStatement, type ParsedFeedEvent } from '@taxchain/ledger';
import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import type { IssuedEvent } from '../feed/invoice-payloads';
import { issuedDocument, issuedInvoice, ledgerEntryAt } from '../invoices/invoice.fixtures';
import { reimbursementMigrations } from '../migrations';
import { IssuedSubscribers } from './issued-subscribers';
import { unbuiltMessageRefused } from './unbuilt-message-refused';
import { WebhookOutbox } from './webhook-outbox.service';
import { WebhooksRepository } from './webhooks.repository';

const SUBSCRIBED = '91310115MA1H2K3L0C';
const LATECOMER = '91310115MA1H2K3L1D';

/** An invoice.issued entry of chain 0 for a buyer, as the feed controller hands it on. */
function issued(seq: number, buyerTaxId: string): ParsedFeedEvent<IssuedEvent> {
  const invoiceNumber = `263110000000000000${String(seq).padStart(2, '0')}`;
  const invoice = issuedInvoice({
    invoiceNumber,
    buyer: { taxId: buyerTaxId, name: 'Pudong Tools' },
  });
  const event: IssuedEvent = {
    document: issuedDocument(invoice),
    invoiceNumber,
    checkCode: invoice.checkCode,
  };
  return { entry: ledgerEntryAt(seq, 'invoice.issued', invoiceNumber, event), event };
}

describe(IssuedSubscribers.name, () => {
  let database: TestDatabase;
  let db: DataSource;
  let webhooks: WebhooksRepository;

  /** What the feed does with a run's messages: builds them, and runs their statement. */
  const apply = async (outbox: WebhookOutbox, run: Array<ParsedFeedEvent<IssuedEvent>>) => {
    const { text, values } = oneStatement(await outbox.issued(run));
    await db.query(text, values);
  };
  const queued = async (company: string): Promise<string[]> =>
    (
      await db.query<Array<{ message_id: string }>>(
        `SELECT d.message_id FROM reimbursement.webhook_deliveries d
         JOIN reimbursement.webhook_endpoints e USING (endpoint_id)
         WHERE e.company_tax_id = $1 ORDER BY d.delivery_id`,
        [company],
      )
    ).map((r) => r.message_id);
  const register = (companyTaxId: string) =>
    webhooks.insertEndpoint({
      endpointId: randomUUID(),
      companyTaxId,
      url: 'https://hooks.example.com/taxchain',
      eventTypes: ['invoice.issued'],
    });

  beforeAll(async () => {
    database = await createTestDatabase([ledgerMigrations, reimbursementMigrations]);
    db = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    webhooks = new WebhooksRepository(db);
    await register(SUBSCRIBED);
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('builds the invoice.issued message only for a buyer with an endpoint', async () => {
    const outbox = new WebhookOutbox(webhooks, new IssuedSubscribers(webhooks));
    const run = [issued(1, LATECOMER), issued(2, SUBSCRIBED)];

    const { values } = oneStatement(await outbox.issued(run));

    // The message bodies sent: the subscribed buyer's alone.
    expect((values[3] as string[]).map((body) => JSON.parse(body) as unknown)).toEqual([
      expect.objectContaining({
        type: 'invoice.issued',
        data: expect.objectContaining({
          invoiceNumber: run[1].event.invoiceNumber,
        }),
      }),
    ]);
    await apply(outbox, run);
    expect(await queued(SUBSCRIBED)).toEqual(['msg_0_2']);
  });

  it('misses no delivery to a buyer who registers an endpoint after the set was read', async () => {
    const outbox = new WebhookOutbox(webhooks, new IssuedSubscribers(webhooks));
    await apply(outbox, [issued(3, LATECOMER)]); // read the set: the latecomer has no endpoint
    await register(LATECOMER);

    // Built against the set read before: its statement refuses the run, which the feed then
    // takes again, built against the set read anew.
    const refusal = await apply(outbox, [issued(4, LATECOMER)]).then(
      () => undefined,
      (error: unknown) => error,
    );
    // Named so to the feed, which takes the run again at once (takenAgainWhen).
    expect(unbuiltMessageRefused(refusal)).toBe(true);
    expect(await queued(LATECOMER)).toEqual([]);
    await apply(outbox, [issued(4, LATECOMER)]);

    expect(await queued(LATECOMER)).toEqual(['msg_0_4']);
  });

  it('names no other failure a refusal to take again', () => {
    expect(unbuiltMessageRefused(new Error('Connection terminated'))).toBe(false);
    expect(
      unbuiltMessageRefused({ driverError: { code: '23502', table: 'invoices', column: 'net' } }),
    ).toBe(false);
  });
});
