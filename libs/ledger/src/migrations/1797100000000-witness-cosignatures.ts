import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Witness cosignatures of checkpoint notes (c2sp.org/tlog-cosignature), one per checkpoint and
 * witness, stored as the bytes of the signature line after its key ID (8-byte timestamp, then the
 * Ed25519 signature); and every refusal by a witness, which the audit service raises as an anomaly.
 */
export class WitnessCosignatures1797100000000 implements MigrationInterface {
  name = 'WitnessCosignatures1797100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE ledger.cosignatures (
        chain integer NOT NULL,
        size bigint NOT NULL,
        witness text NOT NULL CHECK (witness ~ '^[^\\s+]+\\+[0-9a-f]{8}\\+'),
        signature bytea NOT NULL CHECK (octet_length(signature) = 72),
        cosigned_at timestamptz(3) NOT NULL,
        received_at timestamptz(3) NOT NULL DEFAULT now(),
        -- No foreign key to ledger.checkpoints: that table refuses TRUNCATE with its own message.
        PRIMARY KEY (chain, size, witness)
      )`);
    await db.query(
      'CREATE INDEX cosignatures_witness_idx ON ledger.cosignatures (witness, chain, size DESC)',
    );
    await db.query(`
      CREATE TABLE ledger.witness_refusals (
        chain integer NOT NULL,
        size bigint NOT NULL,
        witness text NOT NULL,
        status integer NOT NULL CHECK (status BETWEEN 400 AND 499),
        witness_size bigint CHECK (witness_size >= 0),
        detail text NOT NULL,
        note text NOT NULL,
        refused_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (chain, size, witness)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE ledger.witness_refusals');
    await db.query('DROP TABLE ledger.cosignatures');
  }
}
