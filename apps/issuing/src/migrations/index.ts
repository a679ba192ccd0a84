import type { MigrationSet } from '@taxchain/platform';
import { CreateIssuing1795500000000 } from './1795500000000-create-issuing';

export const issuingMigrations: MigrationSet = {
  schema: 'issuing',
  migrations: [CreateIssuing1795500000000],
};
