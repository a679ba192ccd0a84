import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { topicNames } from '@taxchain/contracts';
import { kafkaConfig } from '@taxchain/platform';
import { testConfig } from '@taxchain/platform/testing';
import type { FeedEvent } from '../feed/feed-event';
import { LedgerFeedContext } from '../feed/ledger-feed.context';
import { LedgerFeedServer } from '../feed/ledger-feed.server';

/**
 * A separate process consuming the ledger feed into `feedcrash.applied`, for crash tests:
 *   node feed-consumer.js <database-url> <topic-prefix> <chains> <group>
 * The table has no unique key, so a duplicate delivery would show as a second row.
 */
@Controller()
class Recorder {
  @EventPattern('test.recorded')
  async record(@Payload() events: FeedEvent[], @Ctx() context: LedgerFeedContext): Promise<void> {
    await context.tx.query(
      'INSERT INTO feedcrash.applied (subject, seq) SELECT * FROM unnest($1::text[], $2::bigint[])',
      [events.map((e) => e.entry.subject), events.map((e) => e.entry.seq)],
    );
  }
}

@Module({ controllers: [Recorder] })
class RecorderModule {}

async function main(): Promise<void> {
  const [url, prefix, chains, group] = process.argv.slice(2);
  const config = testConfig(url, { KAFKA_TOPIC_PREFIX: prefix });
  const dataSource = await new DataSource({ type: 'postgres', url }).initialize();
  const app = await NestFactory.create(RecorderModule, { logger: false });
  app.connectMicroservice({
    strategy: new LedgerFeedServer({
      kafka: new Kafka(kafkaConfig(config, 'feed-crash')),
      dataSource,
      groupId: group,
      topics: topicNames(prefix),
      chains: Number(chains),
      schema: 'feedcrash',
    }),
  });
  await app.startAllMicroservices();
  process.stdout.write('consuming\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
