import { Partitioners, type Kafka } from 'kafkajs';
import { topicNames } from '@taxchain/contracts';
import type { LedgerEntry } from '@taxchain/ledger';

/** Ledger entries produced as the relay publishes them (partition = chain), in the order given. */
export async function produceEntries(
  kafka: Kafka,
  prefix: string,
  entries: LedgerEntry[],
): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({
    topic: topicNames(prefix).ledgerEntries,
    messages: entries.map((e) => ({
      partition: e.chain,
      key: e.subject,
      value: JSON.stringify(e),
    })),
  });
  await producer.disconnect();
}
