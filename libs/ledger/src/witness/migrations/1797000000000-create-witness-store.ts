import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A witness's durable state, in a database of its own: which key this store belongs to, the
 * newest checkpoint it cosigned per log origin, and every refused checkpoint kept as evidence.
 */
export class CreateWitnessStore1797000000000 implements MigrationInterface {
  name = 'CreateWitnessStore1797000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE witness.identity (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        vkey text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE witness.logs (
        origin text PRIMARY KEY,
        size bigint NOT NULL CHECK (size >= 0),
        root bytea NOT NULL CHECK (octet_length(root) = 32),
        note text NOT NULL,
        cosigned_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE witness.evidence (
        id bigserial PRIMARY KEY,
        origin text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('rollback', 'split-view', 'inconsistent')),
        cosigned_note text NOT NULL,
        offered_note text NOT NULL,
        old_size bigint NOT NULL CHECK (old_size >= 0),
        proof text[] NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE witness.evidence');
    await db.query('DROP TABLE witness.logs');
    await db.query('DROP TABLE witness.identity');
  }
}
