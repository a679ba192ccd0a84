import { pollUntil } from '../faults/support/poll-until';
import { WebhookPlatform } from './support/webhook-platform';
import { ExampleReceiver, freePort } from './support/example-receiver';
import { TestReceiver } from './support/test-receiver';

interface ProofEntry {
  entry: { seq: number; entryHash: string; kind: string };
}

/**
 * A buyer's endpoints get Standard Webhooks deliveries from the ledger feed: signed with the
 * key the platform publishes, in ledger order per invoice, at least once whatever the receiver
 * does, and one company's slow endpoint never holds up another's.
 */
describe('webhooks: delivery to a company', () => {
  let platform: WebhookPlatform;

  beforeAll(async () => {
    platform = await WebhookPlatform.start();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('delivers invoice.issued within 1 s of the 201, verifiable with the published key, with the seq of its proof', async () => {
    const buyer = await platform.company();
    const port = await freePort();
    await platform.register(buyer.token, `http://127.0.0.1:${port}/hooks`, ['invoice.issued']);
    const keys = await platform.publishedKeys(buyer.taxId);
    const receiver = await ExampleReceiver.start(keys[0].publicKey, port);
    try {
      const invoice = await platform.issue(buyer.taxId);
      // The example prints "verified <webhook-id> <body>" only for a good signature and timestamp.
      const { line, at } = await receiver.waitForLine((l) => l.includes(invoice.invoiceNumber));
      expect(line).toMatch(/^verified msg_\d+_\d+ /);
      expect(at - invoice.at).toBeLessThan(1_000);
      const event = JSON.parse(line.split(' ').slice(2).join(' ')) as {
        type: string;
        data: {
          invoiceNumber: string;
          checkCode: string;
          ledger: { seq: number; entryHash: string };
        };
      };
      expect(event.type).toBe('invoice.issued');
      expect(event.data.checkCode).toBe(invoice.checkCode);
      const verification = await platform
        .as(buyer.token)
        .get(`/invoices/${invoice.invoiceNumber}?checkCode=${invoice.checkCode}`)
        .expect(200);
      const entries = (verification.body as { proof: { entries: ProofEntry[] } }).proof.entries;
      expect(entries.find((e) => e.entry.seq === event.data.ledger.seq)?.entry).toMatchObject({
        kind: 'invoice.issued',
        entryHash: event.data.ledger.entryHash,
      });
    } finally {
      await receiver.stop();
    }
  });

  it('delivers issue, credits and void of each invoice in ledger order', async () => {
    const buyer = await platform.company();
    const receiver = await TestReceiver.start();
    try {
      await platform.register(buyer.token, receiver.url, [
        'invoice.issued',
        'invoice.voided',
        'invoice.credited',
      ]);
      const credited = await platform.issue(buyer.taxId);
      const voided = await platform.issue(buyer.taxId);
      await platform.creditOneTin(buyer.taxId, credited.invoiceNumber);
      await platform.void(voided.invoiceNumber);
      await platform.creditOneTin(buyer.taxId, credited.invoiceNumber);
      // 6156 − 1413 = 4743, then − 1413 = 3330 left.
      await receiver.waitFor((r) => r.data.remainingGross === '3330');
      await receiver.waitFor((r) => r.type === 'invoice.voided');
      const story = (invoiceNumber: string) =>
        receiver.delivered
          .filter((r) => r.data.invoiceNumber === invoiceNumber)
          .map((r) => [r.type, r.data.remainingGross].filter(Boolean).join(' '));
      expect(story(credited.invoiceNumber)).toEqual([
        'invoice.issued',
        'invoice.credited 4743',
        'invoice.credited 3330',
      ]);
      expect(story(voided.invoiceNumber)).toEqual(['invoice.issued', 'invoice.voided']);
    } finally {
      await receiver.down();
    }
  });

  it('loses nothing while the receiver is down or failing, and redelivers with the same webhook-id', async () => {
    const buyer = await platform.company();
    const receiver = await TestReceiver.start();
    try {
      const { endpointId } = await platform.register(buyer.token, receiver.url, ['invoice.issued']);
      await receiver.down(); // connection refused
      const whileDown = [await platform.issue(buyer.taxId), await platform.issue(buyer.taxId)];
      await new Promise((done) => setTimeout(done, 1_000));
      await receiver.up();
      receiver.mode = 'failing'; // reads each delivery, answers 503
      const whileFailing = await platform.issue(buyer.taxId);
      const failedOnce = () =>
        new Set(receiver.received.filter((r) => r.answered === 503).map((r) => r.id));
      await pollUntil(
        () => Promise.resolve(failedOnce().size >= 1),
        15_000,
        'a failed attempt',
        20,
      );
      receiver.mode = 'ok';
      const all = [...whileDown, whileFailing];
      for (const invoice of all)
        await receiver.waitFor((r) => r.data.invoiceNumber === invoice.invoiceNumber);
      // Each invoice acknowledged exactly once; every failed attempt came back under its webhook-id.
      const acknowledged = receiver.delivered.map((r) => r.data.invoiceNumber);
      expect(acknowledged.sort()).toEqual(all.map((i) => i.invoiceNumber).sort());
      for (const id of failedOnce()) {
        const attempts = receiver.received.filter((r) => r.id === id);
        expect(attempts.at(-1)?.answered).toBe(204);
        expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
      }
      // The receiver acknowledges before the platform records it: the log catches up.
      type Logged = { deliveredAt: string | null; attempts: number };
      let deliveries: Logged[] = [];
      await pollUntil(
        async () => {
          const log = await platform
            .as(buyer.token)
            .get(`/webhooks/endpoints/${endpointId}/deliveries`)
            .expect(200);
          deliveries = (log.body as { deliveries: Logged[] }).deliveries;
          return deliveries.every((d) => d.deliveredAt !== null);
        },
        15_000,
        'every delivery recorded',
      );
      expect(deliveries).toHaveLength(3);
      expect(Math.max(...deliveries.map((d) => d.attempts))).toBeGreaterThan(1);
    } finally {
      await receiver.down();
    }
  });

  it("does not let company A's hanging endpoint delay company B's deliveries beyond 1 s", async () => {
    const a = await platform.company();
    const b = await platform.company();
    const hanging = await TestReceiver.start();
    hanging.mode = 'hanging';
    const healthy = await TestReceiver.start();
    try {
      await platform.register(a.token, hanging.url, ['invoice.issued']);
      await platform.register(b.token, healthy.url, ['invoice.issued']);
      for (let i = 0; i < 3; i += 1) await platform.issue(a.taxId);
      await new Promise((done) => setTimeout(done, 200)); // A's worker is now stuck on its first
      for (let i = 0; i < 3; i += 1) {
        const invoice = await platform.issue(b.taxId);
        const got = await healthy.waitFor((r) => r.data.invoiceNumber === invoice.invoiceNumber);
        expect(got.at - invoice.at).toBeLessThan(1_000);
      }
    } finally {
      await hanging.down();
      await healthy.down();
    }
  });

  it('replays from an ISO 8601 time only: another kind of value, another text or a time the database cannot hold is 400', async () => {
    const buyer = await platform.company();
    const { endpointId } = await platform.register(buyer.token, 'http://127.0.0.1:9/hooks', [
      'invoice.issued',
    ]);
    const replay = (since: unknown) =>
      platform.as(buyer.token).post(`/webhooks/endpoints/${endpointId}/replay`, { since });
    const refused = [
      true,
      0,
      1_796_601_600_000,
      [],
      null,
      '1',
      'Dec 7 2026',
      '2026-02-30T08:00:00.000Z',
      '-271821-04-20T00:00:00.000Z',
      '+275760-09-13T00:00:00.000Z',
    ];
    const answers = [];
    for (const since of refused) {
      const { status, body } = await replay(since);
      answers.push([since, status, (body as { type?: string }).type]);
    }
    expect(answers).toEqual(
      refused.map((since) => [since, 400, 'urn:taxchain:problem:validation-failed']),
    );
    expect((await replay('2026-11-23T08:00:00.000Z')).body).toEqual({ requeued: 0 });
  });
});
