import type { MigrationSet } from '@taxchain/platform';

export const reimbursementMigrations: MigrationSet = { schema: 'reimbursement', migrations: [] };
