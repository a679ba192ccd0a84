import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config/load-config';
import type { AppConfig } from '../config/config.schema';

/**
 * Configuration for a service under test: its own database, the run's Kafka under its own
 * topic prefix (tests never see each other's events, nor a running platform's), quiet logs.
 * Apps that must share topics in one test pass the same KAFKA_TOPIC_PREFIX.
 */
export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: `test-${randomBytes(4).toString('hex')}.`,
    ...overrides,
  });
}
