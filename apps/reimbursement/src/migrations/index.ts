import type { MigrationSet } from '@taxchain/platform';
import { CreateReimbursement1795480000000 } from './1795480000000-create-reimbursement';

export const reimbursementMigrations: MigrationSet = {
  schema: 'reimbursement',
  migrations: [CreateReimbursement1795480000000],
};
