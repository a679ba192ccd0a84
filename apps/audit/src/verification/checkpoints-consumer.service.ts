import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { topicNames } from '@taxchain/contracts';
import {
  AuthorityKeys,
  checkpointBodyProblem,
  verifyCheckpoint,
  type SignedCheckpoint,
} from '@taxchain/ledger';
import { nativeEd25519 } from '@taxchain/ledger/crypto/native-ed25519';
import { InjectConfig, type AppConfig } from '@taxchain/platform';
import { Kafka, type Consumer } from 'kafkajs';
import { CheckpointsSeenRepository } from './checkpoints-seen.repository';

const TOPIC_POLL_MS = 500;

/**
 * Witnesses every checkpoint published on Kafka (its own consumer group, from the beginning):
 * these copies live outside the ledger tables, so a superuser rewriting both entries and
 * checkpoints is still caught. Only checkpoints signed by an authority key are kept: anyone able
 * to produce to the topic must not be able to make verification fail.
 */
@Injectable()
export class CheckpointsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CheckpointsConsumer.name);
  private consumer?: Consumer;
  private stopped = false;
  private readonly topic: string;
  private readonly groupId: string;

  constructor(
    private readonly kafka: Kafka,
    private readonly seen: CheckpointsSeenRepository,
    private readonly authority: AuthorityKeys,
    @InjectConfig() config: AppConfig,
  ) {
    this.topic = topicNames(config.KAFKA_TOPIC_PREFIX).ledgerCheckpoints;
    // Prefixed like the feed's group: deployments sharing a cluster must not share a group.
    this.groupId = `${config.KAFKA_TOPIC_PREFIX}audit-checkpoints`;
  }

  onApplicationBootstrap(): void {
    // In the background: the ledger feed creates the topics as it starts, after bootstrap.
    void this.start().catch((error: unknown) =>
      this.logger.error(`checkpoint consumer did not start: ${String(error)}`),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.consumer?.disconnect();
  }

  private async start(): Promise<void> {
    await this.topicExists();
    if (this.stopped) return;
    const consumer = this.kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await consumer.run({ eachMessage: ({ message }) => this.witness(message.value) });
  }

  /** Waits for the topic rather than auto-creating it with the wrong partition count. */
  private async topicExists(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      while (!this.stopped && !(await admin.listTopics()).includes(this.topic))
        await new Promise((done) => setTimeout(done, TOPIC_POLL_MS));
    } finally {
      await admin.disconnect();
    }
  }

  private async witness(value: Buffer | null): Promise<void> {
    const checkpoint = parse(value);
    const verdict =
      checkpoint && verifyCheckpoint(checkpoint, this.authority.trusted, nativeEd25519);
    if (!checkpoint || !verdict || !verdict.ok) {
      this.logger.error(
        `checkpoint message ignored: ${verdict?.ok === false ? verdict.reason : 'malformed'}`,
      );
      return;
    }
    const conflicting = await this.seen.insert(checkpoint);
    if (conflicting)
      this.logger.error(
        `two signed checkpoints for chain ${checkpoint.chain} size ${checkpoint.size}: roots ${conflicting.root} and ${checkpoint.root}`,
      );
  }
}

function parse(value: Buffer | null): SignedCheckpoint | undefined {
  if (!value) return undefined;
  try {
    const json: unknown = JSON.parse(value.toString('utf8'));
    if (checkpointBodyProblem(json) !== undefined) return undefined;
    const signature = (json as { signature?: unknown }).signature;
    return typeof signature === 'string' ? (json as SignedCheckpoint) : undefined;
  } catch {
    return undefined;
  }
}
