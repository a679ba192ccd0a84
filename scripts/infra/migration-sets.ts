import { ledgerMigrations } from '@taxchain/ledger';
import type { MigrationSet } from '@taxchain/platform';
import { issuingMigrations } from '../../apps/issuing/src/migrations';
import { reimbursementMigrations } from '../../apps/reimbursement/src/migrations';
import { auditMigrations } from '../../apps/audit/src/migrations';

/** Every owner's migrations, ledger first: what `npm run migrate` applies. */
export const allMigrationSets: MigrationSet[] = [
  ledgerMigrations,
  issuingMigrations,
  reimbursementMigrations,
  auditMigrations,
];
