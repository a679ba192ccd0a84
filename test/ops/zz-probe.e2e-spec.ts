import request from 'supertest';
import { createServiceApp } from '@taxchain/platform';
import { createTestDatabase, testConfig } from '@taxchain/platform/testing';
import { issuingService } from '../../apps/issuing/src/issuing.service-definition';
it('probe', async () => {
  const db = await createTestDatabase(issuingService.migrations);
  const app = await createServiceApp(issuingService, testConfig(db.url));
  await app.init();
  const server = app.getHttpServer();
  server.on('request', (req: any, res: any) => res.on('finish', () => console.log(req.route?.path, req.route?.methods, req.route?.stack?.map((l: any) => [l.method, l.name]))));
  await request(server).get('/nowhere');
  await app.close(); await db.drop();
});
