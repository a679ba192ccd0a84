import type { MigrationSet } from '@taxchain/platform';
import { CreateAudit1795600000000 } from './1795600000000-create-audit';

export const auditMigrations: MigrationSet = {
  schema: 'audit',
  migrations: [CreateAudit1795600000000],
};
