import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where the background sweep of the whole ledger stands, so that a restarted (or another)
 * instance carries on with the pass rather than start it again: the chain in progress and the
 * checkpoint it had reproduced there, and the last completed pass.
 */
export class HistorySweep1796150000000 implements MigrationInterface {
  name = 'HistorySweep1796150000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit.sweep_state (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        passes bigint NOT NULL DEFAULT 0 CHECK (passes >= 0),
        chain integer NOT NULL DEFAULT 0 CHECK (chain >= 0),
        resume_size bigint NOT NULL DEFAULT 0 CHECK (resume_size >= 0),
        pass_started_at timestamptz(3),
        last_pass_finished_at timestamptz(3),
        last_pass_seconds double precision CHECK (last_pass_seconds >= 0)
      )`);
    await db.query('INSERT INTO audit.sweep_state DEFAULT VALUES');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE audit.sweep_state');
  }
}
