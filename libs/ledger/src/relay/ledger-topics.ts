import type { Admin } from 'kafkajs';
import { Topics } from '@taxchain/contracts';

/** One Kafka partition per ledger chain, so each chain's order is the partition's order. */
export async function ensureLedgerTopics(admin: Admin, chains: number): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = [Topics.ledgerEntries, Topics.ledgerCheckpoints].filter((topic) => !existing.has(topic));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: chains, replicationFactor: -1 })),
    });
  }
  const metadata = await admin.fetchTopicMetadata({ topics: [Topics.ledgerEntries, Topics.ledgerCheckpoints] });
  for (const topic of metadata.topics) {
    if (topic.partitions.length < chains) {
      await admin.createPartitions({ topicPartitions: [{ topic: topic.name, count: chains }] });
    }
  }
}
