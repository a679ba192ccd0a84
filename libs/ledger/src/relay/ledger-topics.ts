import type { Admin } from 'kafkajs';
import type { TopicNames } from '@taxchain/contracts';

/** One Kafka partition per ledger chain, so each chain's order is the partition's order. */
export async function ensureLedgerTopics(
  admin: Admin,
  topics: TopicNames,
  chains: number,
): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = [topics.ledgerEntries, topics.ledgerCheckpoints].filter(
    (topic) => !existing.has(topic),
  );
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: chains, replicationFactor: -1 })),
    });
  }
  const metadata = await admin.fetchTopicMetadata({
    topics: [topics.ledgerEntries, topics.ledgerCheckpoints],
  });
  for (const topic of metadata.topics) {
    if (topic.partitions.length < chains) {
      await admin.createPartitions({ topicPartitions: [{ topic: topic.name, count: chains }] });
    }
  }
}
