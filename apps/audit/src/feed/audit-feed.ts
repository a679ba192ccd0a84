import type { INestApplication } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { topicNames } from '@taxchain/contracts';
import { LedgerFeedServer } from '@taxchain/ledger';
import { Metrics, type AppConfig } from '@taxchain/platform';
import { BreakAlarm } from '../verification/break-alarm.service';

/**
 * Connects the ledger feed to the audit handlers. A break the feed finds (gap, broken link)
 * raises the same chain_break alarm as the verifier. The group id carries the topic prefix:
 * deployments sharing a cluster must not share (and rebalance) one group.
 */
export function connectAuditFeed(app: INestApplication, config: AppConfig): void {
  const alarm = app.get(BreakAlarm);
  app.connectMicroservice({
    strategy: new LedgerFeedServer({
      kafka: app.get(Kafka),
      dataSource: app.get(DataSource),
      groupId: `${config.KAFKA_TOPIC_PREFIX}audit`,
      topics: topicNames(config.KAFKA_TOPIC_PREFIX),
      chains: config.LEDGER_CHAINS,
      schema: 'audit',
      metrics: app.get(Metrics).taxchain,
      onBreak: (found) => alarm.raise(found, 'feed'),
    }),
  });
}
