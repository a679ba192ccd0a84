import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { generateSecretKey, toHex } from '@taxchain/ledger';
import { createServiceApp, type ServiceDefinition } from '@taxchain/platform';
import {
  GivenAccess,
  createTestDatabase,
  testConfig,
  type TestDatabase,
} from '@taxchain/platform/testing';
import { allServices } from '../../support/services';

export type ServiceName = 'issuing' | 'reimbursement' | 'audit';

/** The three services, listening on loopback ports, on one fresh database and one topic prefix. */
export interface SecurityPlatform {
  urls: Record<ServiceName, string>;
  apps: Record<ServiceName, INestApplication>;
  db: DataSource;
  given: GivenAccess;
  close(): Promise<void>;
}

/** Rate limits far above what a test sends, unless the test is about rate limits. */
const UNLIMITED = {
  RATE_LIMIT_PER_SECOND: '1000000',
  RATE_LIMIT_BURST: '1000000',
  PUBLIC_CHECK_PER_MINUTE: '1000000',
};

export async function startSecurityPlatform(
  overrides: Record<string, string> = {},
  services: ServiceDefinition[] = allServices,
): Promise<SecurityPlatform> {
  const sets = services.flatMap((service) => service.migrations);
  const database: TestDatabase = await createTestDatabase(
    sets.filter((set, i) => sets.findIndex((other) => other.schema === set.schema) === i),
  );
  const config = testConfig(database.url, {
    AUTHORITY_KEY: toHex(generateSecretKey()),
    CHECKPOINT_INTERVAL_MS: '200',
    ...UNLIMITED,
    ...overrides,
  });
  const apps = {} as Record<ServiceName, INestApplication>;
  const urls = {} as Record<ServiceName, string>;
  for (const service of services) {
    // The audit service reads delivery health from this reimbursement service.
    const app = await createServiceApp(
      service,
      urls.reimbursement ? { ...config, REIMBURSEMENT_URL: urls.reimbursement } : config,
    );
    await app.listen(0, '127.0.0.1');
    await app.startAllMicroservices();
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    apps[service.name] = app;
    urls[service.name] = `http://127.0.0.1:${port}`;
  }
  const first = Object.values(apps)[0];
  return {
    urls,
    apps,
    db: first.get(DataSource),
    given: GivenAccess.from(first),
    close: async () => {
      for (const app of Object.values(apps).reverse()) await app.close();
      await database.drop();
    },
  };
}
