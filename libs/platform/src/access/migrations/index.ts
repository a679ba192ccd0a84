import type { MigrationSet } from '../../database/migration-set';
import { CreateAccess1795474600000 } from './1795474600000-create-access';

/** The credential store, owned by the platform so that every service can check callers. */
export const accessMigrations: MigrationSet = {
  schema: 'access',
  migrations: [CreateAccess1795474600000],
};
