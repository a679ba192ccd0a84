import type { MigrationSet } from '@taxchain/platform';
import { CreateReimbursement1795480000000 } from './1795480000000-create-reimbursement';
import { IndexInbox1795560000000 } from './1795560000000-index-inbox';
import { ExpenseSalt1795900000000 } from './1795900000000-expense-salt';
import { CreateWebhooks1796300000000 } from './1796300000000-create-webhooks';
import { CreditNotes1796400000000 } from './1796400000000-credit-notes';

export const reimbursementMigrations: MigrationSet = {
  schema: 'reimbursement',
  migrations: [
    CreateReimbursement1795480000000,
    IndexInbox1795560000000,
    ExpenseSalt1795900000000,
    CreateWebhooks1796300000000,
    CreditNotes1796400000000,
  ],
};
