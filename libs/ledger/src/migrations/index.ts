import type { MigrationSet } from '@taxchain/platform';

export const ledgerMigrations: MigrationSet = { schema: 'ledger', migrations: [] };
