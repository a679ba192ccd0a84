import type { MigrationSet } from '@taxchain/platform';

export const issuingMigrations: MigrationSet = { schema: 'issuing', migrations: [] };
