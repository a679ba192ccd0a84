/** Kafka topics, versioned: a breaking change to a payload gets a new topic. */
export const Topics = {
  ledgerEntries: 'taxchain.ledger.entries.v1',
  ledgerCheckpoints: 'taxchain.ledger.checkpoints.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];
