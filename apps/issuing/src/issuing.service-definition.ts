import { accessMigrations, type ServiceDefinition } from '@taxchain/platform';
import { ledgerMigrations } from '@taxchain/ledger';
import { IssuingModule } from './issuing.module';
import { issuingMigrations } from './migrations';

export const issuingService: ServiceDefinition = {
  name: 'issuing',
  module: (config) => IssuingModule.forRoot(config),
  migrations: [ledgerMigrations, accessMigrations, issuingMigrations],
  port: (config) => config.ISSUING_PORT,
  batchRoutes: ['/invoices/batch'],
  openapi: {
    title: 'Tax Chain — issuing',
    description: 'Merchants register keys and issue signed invoices, void them or credit them.',
    version: '1',
  },
};
