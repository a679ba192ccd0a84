import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { LedgerAppender } from '@taxchain/ledger';
import { GivenAccess, type TestDatabase } from '@taxchain/platform/testing';
import { FeedServiceProcess } from '../support/feed-service-process';
import { GivenInvoices } from '../support/given-invoices';
import { pollUntil } from './support/poll-until';
import { TestReceiver } from '../webhooks/support/test-receiver';
import { webhookFeedDatabase } from './support/webhook-feed-database';

const INVOICES = 40;
/** The service is killed with SIGKILL after this many acknowledged deliveries, then started again. */
const KILL_AT = [8, 20, 32];

/**
 * The reimbursement service, as its own process, is killed with SIGKILL while it delivers
 * webhooks (the receiver takes 150 ms to answer, so a kill lands mid-request) and started again:
 * every invoice issued to the company reaches the receiver, each under one webhook-id however
 * often it was sent.
 */
describe('webhook delivery across kill -9 of the reimbursement service', () => {
  const logFile = join(tmpdir(), `webhook-crash-${randomUUID().slice(0, 8)}.log`);
  let live: TestDatabase;
  let writer: INestApplication;
  let env: Record<string, string>;
  let service: FeedServiceProcess;
  let receiver: TestReceiver;

  beforeAll(async () => {
    ({ live, writer, serviceEnv: env } = await webhookFeedDatabase(10));
    service = await FeedServiceProcess.reimbursement(env, logFile);
    await service.start();
    receiver = await TestReceiver.start();
    receiver.delayMs = 150;
  }, 120_000);

  afterAll(async () => {
    await service?.stop('SIGKILL');
    await receiver?.down();
    await writer?.close();
    await live?.drop();
  });

  it('loses no event and keeps one webhook-id per event', async () => {
    const { token, party } = await GivenAccess.from(writer).company();
    const registered = await fetch(`${service.url}/webhooks/endpoints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, eventTypes: ['invoice.issued'] }),
    });
    expect(registered.status).toBe(201);
    const given = new GivenInvoices(writer.get(LedgerAppender));
    const issued: string[] = [];
    for (let i = 0; i < INVOICES; i += 1)
      issued.push((await given.issued(party.taxId)).invoiceNumber);
    let kills = 0;
    for (const at of KILL_AT) {
      await pollUntil(
        () => Promise.resolve(receiver.delivered.length >= at),
        60_000,
        `${at} deliveries`,
        20,
      );
      await service.stop('SIGKILL');
      kills += 1;
      await service.start();
    }
    for (const invoiceNumber of issued)
      await receiver.waitFor((r) => r.data.invoiceNumber === invoiceNumber, 60_000);
    expect(kills).toBe(KILL_AT.length);
    const idsOf = new Map<string, Set<string>>();
    for (const r of receiver.delivered) {
      const ids = idsOf.get(String(r.data.invoiceNumber)) ?? new Set<string>();
      ids.add(r.id);
      idsOf.set(String(r.data.invoiceNumber), ids);
    }
    expect([...idsOf.keys()].sort()).toEqual([...issued].sort());
    expect([...idsOf.values()].every((ids) => ids.size === 1)).toBe(true);
  }, 300_000);
});
