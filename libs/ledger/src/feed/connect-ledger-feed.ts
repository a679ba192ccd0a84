import type { INestApplication } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { topicNames } from '@taxchain/contracts';
import { HealthChecks, Metrics, type AppConfig } from '@taxchain/platform';
import type { ChainBreak } from '../verify/chain-break';
import { LedgerFeedServer } from './ledger-feed.server';

/**
 * Connects a service's @EventPattern handlers to the ledger feed, exports its consumer lag
 * (kafka_consumer_lag_messages) and shows it in /health details. The group id carries the topic
 * prefix: deployments sharing a cluster must not share (and rebalance) one group.
 */
export function connectLedgerFeed(
  app: INestApplication,
  config: AppConfig,
  feed: {
    schema: string;
    onBreak?: (found: ChainBreak) => void | Promise<void>;
    /** The pool its slices are applied on; the service's own by default. */
    dataSource?: DataSource;
  },
): LedgerFeedServer {
  const server = new LedgerFeedServer({
    kafka: app.get(Kafka),
    dataSource: feed.dataSource ?? app.get(DataSource),
    groupId: `${config.KAFKA_TOPIC_PREFIX}${feed.schema}`,
    topics: topicNames(config.KAFKA_TOPIC_PREFIX),
    chains: config.LEDGER_CHAINS,
    schema: feed.schema,
    metrics: app.get(Metrics).taxchain,
    onBreak: feed.onBreak,
  });
  app.get(HealthChecks).add(async () => ({
    feed: {
      status: 'up',
      consumerLag: Object.fromEntries(
        [...server.lag].map(([chain, lag]) => [`chain ${chain}`, lag]),
      ),
    },
  }));
  app.connectMicroservice({ strategy: server });
  return server;
}
