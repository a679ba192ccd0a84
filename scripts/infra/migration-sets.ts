import { ledgerMigrations } from '@taxchain/ledger';
import { accessMigrations, type MigrationSet } from '@taxchain/platform';
import { issuingMigrations } from '../../apps/issuing/src/migrations';
import { reimbursementMigrations } from '../../apps/reimbursement/src/migrations';
import { auditMigrations } from '../../apps/audit/src/migrations';

/** Every owner's migrations, ledger and access first: what `npm run migrate` applies. */
export const allMigrationSets: MigrationSet[] = [
  ledgerMigrations,
  accessMigrations,
  issuingMigrations,
  reimbursementMigrations,
  auditMigrations,
];
