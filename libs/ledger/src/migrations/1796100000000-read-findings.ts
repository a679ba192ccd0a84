import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Verify-on-read: a service that meets a stored entry which no longer hashes as recorded writes
 * it here (every service may write the ledger schema; no service calls another). The audit
 * service turns each one into a chain_break anomaly and resolves the chain's findings once a
 * verification from genesis finds it intact again.
 */
export class ReadFindings1796100000000 implements MigrationInterface {
  name = 'ReadFindings1796100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE ledger.read_findings (
        chain integer NOT NULL CHECK (chain >= 0),
        seq bigint NOT NULL CHECK (seq >= 0),
        reason text NOT NULL CHECK (reason IN ('payload-mismatch', 'hash-mismatch')),
        detail text NOT NULL,
        found_at timestamptz(3) NOT NULL DEFAULT now(),
        resolved_at timestamptz(3),
        PRIMARY KEY (chain, seq, reason)
      )`);
    await db.query(
      'CREATE INDEX read_findings_open_idx ON ledger.read_findings (chain) WHERE resolved_at IS NULL',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE ledger.read_findings');
  }
}
