import { randomUUID } from 'node:crypto';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { LedgerModule, generateSecretKey, toHex } from '@taxchain/ledger';
import { PlatformModule } from '@taxchain/platform';
import { createTestDatabase, testConfig, type TestDatabase } from '@taxchain/platform/testing';
import { reimbursementService } from '../../../apps/reimbursement/src/reimbursement.service-definition';
import { WEBHOOK_TEST_SETTINGS } from '../../webhooks/support/webhook-platform';

/**
 * A reimbursement database with a ledger writer in the test's process (its relay publishes to
 * Kafka under a prefix of its own), and the environment for reimbursement service processes
 * that read that feed and deliver webhooks to loopback receivers.
 */
export interface WebhookFeedDatabase {
  live: TestDatabase;
  writer: INestApplication;
  serviceEnv: Record<string, string>;
}

export async function webhookFeedDatabase(poolSize: number): Promise<WebhookFeedDatabase> {
  const live = await createTestDatabase(reimbursementService.migrations);
  const settings = {
    KAFKA_TOPIC_PREFIX: `faults-${randomUUID().slice(0, 8)}.`,
    AUTHORITY_KEY: toHex(generateSecretKey()),
    DATABASE_POOL_SIZE: String(poolSize),
    ...WEBHOOK_TEST_SETTINGS,
  };
  const config = testConfig(live.url, settings);
  @Module({ imports: [PlatformModule.forService(config), LedgerModule] })
  class WriterModule {}
  const writer = await NestFactory.create(WriterModule, { logger: false });
  await writer.init();
  const serviceEnv = {
    ...settings,
    DATABASE_URL: live.url,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    KAFKA_BROKERS: config.KAFKA_BROKERS,
    LEDGER_WORKERS: 'false',
  };
  return { live, writer, serviceEnv };
}
