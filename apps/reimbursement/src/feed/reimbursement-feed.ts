import type { INestApplication } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { topicNames } from '@taxchain/contracts';
import { LedgerFeedServer } from '@taxchain/ledger';
import type { AppConfig } from '@taxchain/platform';

/**
 * Connects the ledger feed to the app's @EventPattern handlers. The group id carries the
 * topic prefix: deployments sharing a cluster must not share (and rebalance) one group.
 */
export function connectReimbursementFeed(app: INestApplication, config: AppConfig): void {
  app.connectMicroservice({
    strategy: new LedgerFeedServer({
      kafka: app.get(Kafka),
      dataSource: app.get(DataSource),
      groupId: `${config.KAFKA_TOPIC_PREFIX}reimbursement`,
      topics: topicNames(config.KAFKA_TOPIC_PREFIX),
      chains: config.LEDGER_CHAINS,
      schema: 'reimbursement',
    }),
  });
}
