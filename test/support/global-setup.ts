import { ensurePostgres } from '../../scripts/infra/postgres';
import { ensureKafka } from '../../scripts/infra/kafka';

const log = (line: string) => process.stdout.write(`${line}\n`);

/** What global setup started, for global teardown to stop (they share one context). */
export interface StartedInfra {
  __taxchainStop?: Array<() => Promise<void> | void>;
}

/**
 * Brings up real PostgreSQL and Kafka (or uses the ones given) once per run.
 * Tests read TEST_ADMIN_DATABASE_URL and KAFKA_BROKERS; each creates its own database.
 */
export default async function globalSetup(): Promise<void> {
  const postgres = await ensurePostgres(log);
  const kafka = ensureKafka(log);
  process.env.TEST_ADMIN_DATABASE_URL = postgres.adminUrl;
  process.env.KAFKA_BROKERS = kafka.brokers;
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  const keepKafka = process.env.TAXCHAIN_KEEP_KAFKA === '1';
  (globalThis as StartedInfra).__taxchainStop = [
    postgres.stop,
    keepKafka ? undefined : kafka.stop,
  ].filter((stop): stop is () => Promise<void> | void => stop !== undefined);
}
