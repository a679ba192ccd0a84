import type { MigrationInterface } from 'typeorm';

/** The migrations one owner (a service or the ledger) keeps for its own schema. */
export interface MigrationSet {
  schema: string;
  migrations: Array<new () => MigrationInterface>;
}
