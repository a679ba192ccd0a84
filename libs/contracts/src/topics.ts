/** Kafka topics, versioned: a breaking change to a payload gets a new topic. */
export const Topics = {
  ledgerEntries: 'taxchain.ledger.entries.v1',
  ledgerCheckpoints: 'taxchain.ledger.checkpoints.v1',
} as const;

export type TopicNames = { [K in keyof typeof Topics]: string };

/** The topic names under a deployment's prefix (KAFKA_TOPIC_PREFIX). */
export function topicNames(prefix: string): TopicNames {
  return {
    ledgerEntries: `${prefix}${Topics.ledgerEntries}`,
    ledgerCheckpoints: `${prefix}${Topics.ledgerCheckpoints}`,
  };
}
