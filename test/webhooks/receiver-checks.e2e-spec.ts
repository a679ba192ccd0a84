import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createServiceApp } from '@taxchain/platform';
import {
  GivenAccess,
  createTestDatabase,
  testConfig,
  type TestDatabase,
} from '@taxchain/platform/testing';
import { reimbursementService } from '../../apps/reimbursement/src/reimbursement.service-definition';
import { ExampleReceiver, freePort } from './support/example-receiver';
import { TestReceiver } from './support/test-receiver';
import { WebhookPlatform } from './support/webhook-platform';

const REFUSED = 'urn:taxchain:problem:webhook-url-refused';

/** What a receiver may trust: only public addresses are called, only signed, fresh requests pass. */
describe('webhooks: SSRF and the receiver example', () => {
  let platform: WebhookPlatform;
  let strict: INestApplication;
  let strictDatabase: TestDatabase;

  beforeAll(async () => {
    platform = await WebhookPlatform.start();
    // A deployment without WEBHOOKS_ALLOW_LOOPBACK (the default), on a database of its own.
    strictDatabase = await createTestDatabase(reimbursementService.migrations);
    strict = await createServiceApp(reimbursementService, testConfig(strictDatabase.url));
    await strict.init();
  });

  afterAll(async () => {
    await strict?.close();
    await strictDatabase?.drop();
    await platform?.stop();
  });

  const register = (app: INestApplication, token: string, url: string) =>
    request(app.getHttpServer() as Parameters<typeof request>[0])
      .post('/webhooks/endpoints')
      .set('Authorization', `Bearer ${token}`)
      .send({ url, eventTypes: ['invoice.issued'] });

  it('refuses private, link-local and (by default) loopback addresses, and writes nothing', async () => {
    const { token } = await GivenAccess.from(strict).company();
    for (const url of [
      'http://127.0.0.1:8080/hooks',
      'http://localhost:8080/hooks',
      'http://[::1]:8080/hooks',
      'https://10.0.0.7/hooks',
      'https://192.168.1.20/hooks',
      'https://169.254.169.254/latest/meta-data',
      'https://[fe80::1]/hooks',
      'https://[fd00::1]/hooks',
    ]) {
      const answer = await register(strict, token, url).expect(422);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.body.type).toBe(REFUSED);
    }
    const listed = await request(strict.getHttpServer() as Parameters<typeof request>[0])
      .get('/webhooks/endpoints')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(listed.body.endpoints).toEqual([]);
  });

  it('admits loopback only where WEBHOOKS_ALLOW_LOOPBACK=true, never private or link-local', async () => {
    const { token } = await GivenAccess.from(platform.issuing).company();
    await register(platform.reimbursement, token, 'http://127.0.0.1:8080/hooks').expect(201);
    await register(platform.reimbursement, token, 'http://localhost:8080/hooks').expect(201);
    for (const url of ['https://10.0.0.7/hooks', 'https://169.254.169.254/', 'http://10.0.0.7/']) {
      const answer = await register(platform.reimbursement, token, url).expect(422);
      expect(answer.body.type).toBe(REFUSED);
    }
  });

  it("makes the docs' receiver accept a genuine delivery and refuse a tampered or replayed one", async () => {
    const buyer = await platform.company();
    const capture = await TestReceiver.start();
    try {
      const { endpointId } = await platform.register(buyer.token, capture.url, ['invoice.issued']);
      const [{ publicKey }] = await platform.publishedKeys(buyer.taxId);
      const receiver = await ExampleReceiver.start(publicKey, await freePort(), 1);
      try {
        const { messageId } = (
          await platform.as(buyer.token).post(`/webhooks/endpoints/${endpointId}/test`).expect(202)
        ).body as { messageId: string };
        const genuine = await capture.waitFor((r) => r.id === messageId);
        const send = (body: string, headers: Record<string, string> = {}) =>
          fetch(receiver.url, {
            method: 'POST',
            headers: {
              'webhook-id': genuine.id,
              'webhook-timestamp': genuine.timestamp,
              'webhook-signature': genuine.signature,
              ...headers,
            },
            body,
          }).then((r) => r.status);
        expect(await send(genuine.body)).toBe(204);
        expect(await send(genuine.body.replace('webhook.test', 'invoice.issued'))).toBe(401);
        expect(await send(genuine.body, { 'webhook-id': 'msg_other' })).toBe(401);
        const later = String(Number(genuine.timestamp) + 1);
        expect(await send(genuine.body, { 'webhook-timestamp': later })).toBe(401);
        // The example was started with a 1 s tolerance: the same request, resent later, is a replay.
        await new Promise((done) => setTimeout(done, 2_100));
        expect(await send(genuine.body)).toBe(401);
      } finally {
        await receiver.stop();
      }
    } finally {
      await capture.down();
    }
  });
});
