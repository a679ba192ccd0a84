import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { createServiceApp } from '@taxchain/platform';
import { createTestDatabase, testConfig, type TestDatabase } from '@taxchain/platform/testing';
import { issuingService } from '../../apps/issuing/src/issuing.service-definition';

/** The issuing service listening on a free port of 127.0.0.1, in a database of its own. */
export interface IssuingUnderTest {
  app: INestApplication;
  url: string;
  stop(): Promise<void>;
}

/** Starts it with these settings over the test defaults (its own Kafka topic prefix included). */
export async function startIssuing(settings: Record<string, string>): Promise<IssuingUnderTest> {
  const database: TestDatabase = await createTestDatabase(issuingService.migrations);
  const config = testConfig(database.url, {
    KAFKA_TOPIC_PREFIX: `t${randomUUID().slice(0, 8)}.`,
    ...settings,
  });
  const app = await createServiceApp(issuingService, config);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    stop: async () => {
      await app.close();
      await database.drop();
    },
  };
}
