import { accessMigrations, type ServiceDefinition } from '@taxchain/platform';
import { ledgerMigrations } from '@taxchain/ledger';
import { AuditModule } from './audit.module';
import { serveDashboard } from './dashboard/serve-dashboard';
import { connectAuditFeed } from './feed/audit-feed';
import { auditMigrations } from './migrations';

export const auditService: ServiceDefinition = {
  name: 'audit',
  module: (config) => AuditModule.forRoot(config),
  migrations: [ledgerMigrations, accessMigrations, auditMigrations],
  port: (config) => config.AUDIT_PORT,
  openapi: {
    title: 'Tax Chain — audit',
    description: 'Tax officials search invoices, verify the chain, watch anomalies and export.',
    version: '1',
  },
  connect: (app, config) => {
    serveDashboard(app);
    connectAuditFeed(app, config);
  },
};
