import type { MigrationSet } from '@taxchain/platform';
import { CreateLedger1732400000000 } from './1732400000000-create-ledger';

export const ledgerMigrations: MigrationSet = {
  schema: 'ledger',
  migrations: [CreateLedger1732400000000],
};
