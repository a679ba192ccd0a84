import type { Kafka } from 'kafkajs';
import { Metrics, type KafkaAdmin } from '@taxchain/platform';
import { LedgerWorkers } from '../relay/ledger-workers';
import { CheckpointNotes } from '../storage/checkpoint-notes';
import { Cosignatures } from '../storage/cosignatures';
import type { LedgerHarness } from './ledger-harness';

/** The relay and checkpointer of every chain, wired by hand on a harness (not yet bootstrapped). */
export function ledgerWorkersOf(
  ledger: LedgerHarness,
  kafka: Kafka,
  admin: KafkaAdmin,
): LedgerWorkers {
  return new LedgerWorkers(
    ledger.dataSource,
    kafka,
    admin,
    ledger.settings,
    ledger.authority,
    ledger.config,
    new Metrics(),
    new CheckpointNotes(ledger.dataSource, new Cosignatures(ledger.dataSource)),
    new Cosignatures(ledger.dataSource),
  );
}
