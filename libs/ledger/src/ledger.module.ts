import { Module } from '@nestjs/common';
import { LedgerAppender } from './append/ledger-appender';
import { AuthorityKeys } from './authority/authority-keys';
import { LedgerSettings } from './ledger-settings';
import { LedgerWorkers } from './relay/ledger-workers';
import { ChainSetup } from './storage/chain-setup';
import { CheckpointNotes } from './storage/checkpoint-notes';
import { Cosignatures } from './storage/cosignatures';
import { LedgerProofs } from './storage/ledger-proofs';
import { LedgerReader } from './storage/ledger-reader';
import { ReadFindings } from './verify/read-findings';
import { ReadFindingsHealth } from './verify/read-findings-health';
import { ServedEntries } from './verify/served-entries';
import { WitnessStatus } from './witness/witness-status';

/** The ledger inside a service: appends, reads verified as they are served, proofs, and (when enabled) relay and checkpoints. */
@Module({
  providers: [
    LedgerSettings,
    ChainSetup,
    AuthorityKeys,
    LedgerAppender,
    LedgerReader,
    LedgerProofs,
    CheckpointNotes,
    Cosignatures,
    LedgerWorkers,
    ReadFindings,
    ReadFindingsHealth,
    ServedEntries,
    WitnessStatus,
  ],
  exports: [
    LedgerSettings,
    AuthorityKeys,
    LedgerAppender,
    LedgerReader,
    LedgerProofs,
    CheckpointNotes,
    Cosignatures,
    LedgerWorkers,
    ReadFindings,
    ServedEntries,
    WitnessStatus,
  ],
})
export class LedgerModule {}
