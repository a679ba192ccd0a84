import { WebhookPlatform } from './support/webhook-platform';

/**
 * A company rotates its webhook signing key: a new key signs from then on, the old ones are
 * still published for the overlap. Rotations a company sends at once (two administrators, a
 * retried click) each rotate, one after another.
 */
describe('webhooks: signing key rotation', () => {
  const ROTATIONS = 8;
  let platform: WebhookPlatform;

  beforeAll(async () => {
    platform = await WebhookPlatform.start();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it(`answers ${ROTATIONS} concurrent rotations 200 each, leaving one current key and every old one published`, async () => {
    const buyer = await platform.company();
    // The first endpoint gives the company its first key.
    await platform.register(buyer.token, 'http://127.0.0.1:9/hooks', ['invoice.issued']);
    const [first] = await platform.publishedKeys(buyer.taxId);

    const answers = await Promise.all(
      Array.from({ length: ROTATIONS }, () =>
        platform.as(buyer.token).post('/webhooks/keys/rotate'),
      ),
    );

    expect(answers.map((a) => [a.status, a.type])).toEqual(
      Array.from({ length: ROTATIONS }, () => [200, 'application/json']),
    );
    const keys = await platform.publishedKeys(buyer.taxId);
    expect(keys).toHaveLength(1 + ROTATIONS);
    expect(keys.filter((k) => k.retiredAt === null)).toHaveLength(1);
    expect(keys.map((k) => k.keyId)).toContain(first.keyId);
    expect(new Set(keys.map((k) => k.keyId)).size).toBe(1 + ROTATIONS);
  });
});
