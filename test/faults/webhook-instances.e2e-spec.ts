import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { LedgerAppender } from '@taxchain/ledger';
import { GivenAccess, type TestDatabase } from '@taxchain/platform/testing';
import { FeedServiceProcess } from '../support/feed-service-process';
import { GivenInvoices, type GivenInvoice } from '../support/given-invoices';
import { TestReceiver } from '../webhooks/support/test-receiver';
import { webhookFeedDatabase } from './support/webhook-feed-database';

const INVOICES = 30;
/** Every third invoice is voided right after its issue. */
const VOIDED_EVERY = 3;

/**
 * Two reimbursement instances, as processes of their own on one database, deliver one company's
 * endpoint: the receiver takes 40 ms to answer, so two senders would overlap. Only the instance
 * holding the endpoint's lock delivers: never two requests open at once, each event once (one
 * webhook-id), every invoice's events in ledger order.
 */
describe('webhook delivery by two reimbursement instances', () => {
  const logFile = join(tmpdir(), `webhook-instances-${randomUUID().slice(0, 8)}.log`);
  let live: TestDatabase;
  let writer: INestApplication;
  let env: Record<string, string>;
  let instances: FeedServiceProcess[] = [];
  let receiver: TestReceiver;

  beforeAll(async () => {
    ({ live, writer, serviceEnv: env } = await webhookFeedDatabase(5));
    instances = [
      await FeedServiceProcess.reimbursement(env, logFile),
      await FeedServiceProcess.reimbursement(env, logFile),
    ];
    await Promise.all(instances.map((instance) => instance.start()));
    receiver = await TestReceiver.start();
    receiver.delayMs = 40;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop('SIGKILL')));
    await receiver?.down();
    await writer?.close();
    await live?.drop();
  });

  it('delivers each event once, in order per invoice, never two at a time', async () => {
    const { token, party } = await GivenAccess.from(writer).company();
    const registered = await fetch(`${instances[0].url}/webhooks/endpoints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, eventTypes: ['invoice.issued', 'invoice.voided'] }),
    });
    expect(registered.status).toBe(201);
    const given = new GivenInvoices(writer.get(LedgerAppender));
    const issued: GivenInvoice[] = [];
    for (let i = 0; i < INVOICES; i += 1) {
      const invoice = await given.issued(party.taxId);
      issued.push(invoice);
      if (i % VOIDED_EVERY === 0) await given.voided(invoice);
    }
    const voided = issued.filter((_, i) => i % VOIDED_EVERY === 0);
    for (const { invoiceNumber } of voided)
      await receiver.waitFor(
        (r) => r.type === 'invoice.voided' && r.data.invoiceNumber === invoiceNumber,
        60_000,
      );
    for (const { invoiceNumber } of issued)
      await receiver.waitFor(
        (r) => r.type === 'invoice.issued' && r.data.invoiceNumber === invoiceNumber,
        60_000,
      );
    // Whatever else was in flight has been answered by now (a duplicate would show).
    await new Promise((done) => setTimeout(done, 3_000));

    expect(receiver.maxConcurrent).toBe(1);
    const ids = receiver.received.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(INVOICES + voided.length);
    const events = receiver.received.map((r) => `${r.type} ${String(r.data.invoiceNumber)}`);
    for (const { invoiceNumber } of voided)
      expect(events.indexOf(`invoice.issued ${invoiceNumber}`)).toBeLessThan(
        events.indexOf(`invoice.voided ${invoiceNumber}`),
      );
  }, 300_000);
});
