import type { MigrationSet } from '@taxchain/platform/database/migration-set';
import { CreateWitnessStore1797000000000 } from './1797000000000-create-witness-store';

export const witnessMigrations: MigrationSet = {
  schema: 'witness',
  migrations: [CreateWitnessStore1797000000000],
};
