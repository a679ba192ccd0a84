import { ExampleReceiver, freePort } from './support/example-receiver';
import { TestReceiver } from './support/test-receiver';
import { WebhookPlatform } from './support/webhook-platform';

/**
 * `taxchain webhooks listen` as a developer runs it, a process of its own registered as a
 * company's endpoint: a real delivery of a real issue is printed as verified JSON and answered
 * 204; the same delivery tampered with is refused with 401 and told on stderr.
 */
describe('taxchain webhooks listen', () => {
  let platform: WebhookPlatform;

  beforeAll(async () => {
    platform = await WebhookPlatform.start();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('prints a verified delivery as JSON and refuses a tampered one with 401', async () => {
    const buyer = await platform.company();
    // A first endpoint of the company (its key is made then) keeps the signed request, to tamper with.
    const capture = await TestReceiver.start();
    await platform.register(buyer.token, capture.url, ['invoice.issued']);
    const [{ publicKey }] = await platform.publishedKeys(buyer.taxId);
    const listen = await ExampleReceiver.cli(publicKey, await freePort());
    try {
      await platform.register(buyer.token, `http://127.0.0.1:${listen.port}/`, ['invoice.issued']);
      const { invoiceNumber } = await platform.issue(buyer.taxId);

      // One delivery printed as indented JSON, ending with a closing brace of its own.
      await listen.waitForLine((l) => l.includes(invoiceNumber));
      await listen.waitForLine((l) => l === '}');
      const printed = JSON.parse(listen.lines.map((l) => l.line).join('\n')) as {
        webhookId: string;
        type: string;
        data: { invoiceNumber: string; ledger: { seq: number; entryHash: string } };
      };
      expect(printed).toMatchObject({ type: 'invoice.issued', data: { invoiceNumber } });
      expect(printed.data.ledger.entryHash).toMatch(/^[0-9a-f]{64}$/);
      const genuine = await capture.waitFor((r) => r.id === printed.webhookId);
      // Not refused. (Its port is any free one: a request of another file's process that had the
      // port before, say a health poll, may reach it too, and is refused without a webhook-id.)
      expect(listen.errors).not.toContain(`refused ${printed.webhookId}`);

      const tampered = await fetch(`http://127.0.0.1:${listen.port}/`, {
        method: 'POST',
        headers: {
          'webhook-id': genuine.id,
          'webhook-timestamp': genuine.timestamp,
          'webhook-signature': genuine.signature,
        },
        body: genuine.body.replace(
          invoiceNumber,
          invoiceNumber.replace(/.$/, (d) => `${(Number(d) + 1) % 10}`),
        ),
      });
      expect(tampered.status).toBe(401);
      await new Promise((done) => setTimeout(done, 200));
      expect(listen.errors).toContain(`refused ${genuine.id}`);
      expect(listen.lines.filter((l) => l.line === '{')).toHaveLength(1);
    } finally {
      await capture.down();
      await listen.stop();
    }
  });
});
