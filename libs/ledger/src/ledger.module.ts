import { Module } from '@nestjs/common';
import { LedgerAppender } from './append/ledger-appender';
import { AuthorityKeys } from './authority/authority-keys';
import { LedgerSettings } from './ledger-settings';
import { LedgerWorkers } from './relay/ledger-workers';
import { ChainSetup } from './storage/chain-setup';
import { LedgerProofs } from './storage/ledger-proofs';
import { LedgerReader } from './storage/ledger-reader';

/** The ledger inside a service: appends, reads, proofs, and (when enabled) relay and checkpoints. */
@Module({
  providers: [
    LedgerSettings,
    ChainSetup,
    AuthorityKeys,
    LedgerAppender,
    LedgerReader,
    LedgerProofs,
    LedgerWorkers,
  ],
  exports: [
    LedgerSettings,
    AuthorityKeys,
    LedgerAppender,
    LedgerReader,
    LedgerProofs,
    LedgerWorkers,
  ],
})
export class LedgerModule {}
