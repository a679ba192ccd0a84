import { loadConfig } from '../config/load-config';
import type { AppConfig } from '../config/config.schema';

/** Configuration for a service under test: its own database, the run's Kafka, quiet logs. */
export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    ...overrides,
  });
}
