import type { MigrationSet } from '@taxchain/platform';

export const auditMigrations: MigrationSet = { schema: 'audit', migrations: [] };
