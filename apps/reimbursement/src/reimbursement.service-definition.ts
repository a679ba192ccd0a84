import { accessMigrations, type ServiceDefinition } from '@taxchain/platform';
import { ledgerMigrations } from '@taxchain/ledger';
import { connectReimbursementFeed } from './feed/reimbursement-feed';
import { ReimbursementModule } from './reimbursement.module';
import { reimbursementMigrations } from './migrations';

export const reimbursementService: ServiceDefinition = {
  name: 'reimbursement',
  module: (config) => ReimbursementModule.forRoot(config),
  migrations: [ledgerMigrations, accessMigrations, reimbursementMigrations],
  port: (config) => config.REIMBURSEMENT_PORT,
  openapi: {
    title: 'Tax Chain — reimbursement',
    description:
      'Buyer companies verify invoices and claim, complete or release their reimbursement.',
    version: '1',
  },
  connect: connectReimbursementFeed,
};
