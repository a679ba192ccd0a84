import type { MigrationSet } from '@taxchain/platform';
import { CreateLedger1732400000000 } from './1732400000000-create-ledger';
import { CreditNoteReferences1796000000000 } from './1796000000000-credit-note-references';
import { ReadFindings1796100000000 } from './1796100000000-read-findings';
import { CheckpointNotes1796200000000 } from './1796200000000-checkpoint-notes';
import { WitnessCosignatures1797100000000 } from './1797100000000-witness-cosignatures';
import { FindingNotifications1797300000000 } from './1797300000000-finding-notifications';

export const ledgerMigrations: MigrationSet = {
  schema: 'ledger',
  migrations: [
    CreateLedger1732400000000,
    CreditNoteReferences1796000000000,
    ReadFindings1796100000000,
    CheckpointNotes1796200000000,
    WitnessCosignatures1797100000000,
    FindingNotifications1797300000000,
  ],
};
