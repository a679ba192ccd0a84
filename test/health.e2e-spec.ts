import type { INestApplication } from '@nestjs/common';
import SwaggerParser from '@apidevtools/swagger-parser';
import request from 'supertest';
import { createServiceApp, type ServiceDefinition } from '@taxchain/platform';
import {
  TcpProxy,
  createTestDatabase,
  testConfig,
  type TestDatabase,
} from '@taxchain/platform/testing';
import { allServices } from './support/services';

describe.each(allServices.map((s) => [s.name, s] as const))(
  '%s /health',
  (_name, service: ServiceDefinition) => {
    let database: TestDatabase;
    let proxy: TcpProxy;
    let app: INestApplication;

    beforeAll(async () => {
      database = await createTestDatabase(service.migrations);
      const target = new URL(database.url);
      proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
      target.host = `127.0.0.1:${proxy.port}`;
      app = await createServiceApp(service, testConfig(target.toString()));
      await app.init();
    });

    afterAll(async () => {
      await app?.close();
      await proxy?.cut();
      await database?.drop();
    });

    it('reports database and Kafka up', async () => {
      const response = await request(app.getHttpServer()).get('/health').expect(200);
      expect(response.body.details.database.status).toBe('up');
      expect(response.body.details.kafka.status).toBe('up');
    });

    it('reports down with 503 while the database is unreachable, and up again when it returns', async () => {
      await proxy.cut();
      const down = await request(app.getHttpServer()).get('/health').expect(503);
      expect(down.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(down.body.details.database.status).toBe('down');
      expect(down.body.detail).toBe('down: database');

      await proxy.open();
      const up = await waitFor(
        async () => (await request(app.getHttpServer()).get('/health')).status === 200,
      );
      expect(up).toBe(true);
    });

    it('serves valid OpenAPI with the health operation', async () => {
      const response = await request(app.getHttpServer()).get('/docs-json').expect(200);
      await expect(SwaggerParser.validate(structuredClone(response.body))).resolves.toBeDefined();
      expect(response.body.paths['/health'].get).toBeDefined();
    });
  },
);

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((done) => setTimeout(done, 200));
  }
  return false;
}
