import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only ledger: entries chained per partition, chain heads, signed
 * checkpoints and the relay's published watermark. Triggers refuse UPDATE,
 * DELETE and TRUNCATE on entries and checkpoints; detection covers whoever bypasses them.
 */
export class CreateLedger1732400000000 implements MigrationInterface {
  name = 'CreateLedger1732400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE ledger.settings (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        chains integer NOT NULL CHECK (chains BETWEEN 1 AND 1024)
      )`);
    await db.query(`
      CREATE TABLE ledger.entries (
        chain integer NOT NULL CHECK (chain >= 0),
        seq bigint NOT NULL CHECK (seq >= 0),
        prev_hash bytea NOT NULL CHECK (octet_length(prev_hash) = 32),
        entry_hash bytea NOT NULL CHECK (octet_length(entry_hash) = 32),
        kind text NOT NULL CHECK (kind ~ '^[a-z]+\\.[a-z]+$'),
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
        actor text NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
        payload text NOT NULL,
        payload_hash bytea NOT NULL CHECK (octet_length(payload_hash) = 32),
        actor_signature bytea CHECK (actor_signature IS NULL OR octet_length(actor_signature) = 64),
        recorded_at timestamptz(3) NOT NULL,
        identity text NOT NULL CHECK (length(identity) BETWEEN 1 AND 300),
        PRIMARY KEY (chain, seq),
        CONSTRAINT entries_chain_prev_hash_key UNIQUE (chain, prev_hash),
        CONSTRAINT entries_identity_key UNIQUE (identity),
        CONSTRAINT entries_entry_hash_key UNIQUE (entry_hash)
      )`);
    await db.query(`CREATE INDEX entries_subject_idx ON ledger.entries (subject, chain, seq)`);
    await db.query(
      `CREATE INDEX entries_kind_idx ON ledger.entries (kind) WHERE kind LIKE 'key.%'`,
    );
    await db.query(`
      CREATE TABLE ledger.heads (
        chain integer PRIMARY KEY CHECK (chain >= 0),
        seq bigint NOT NULL DEFAULT -1 CHECK (seq >= -1),
        hash bytea NOT NULL CHECK (octet_length(hash) = 32)
      )`);
    await db.query(`
      CREATE TABLE ledger.checkpoints (
        chain integer NOT NULL CHECK (chain >= 0),
        size bigint NOT NULL CHECK (size > 0),
        head_hash bytea NOT NULL CHECK (octet_length(head_hash) = 32),
        root bytea NOT NULL CHECK (octet_length(root) = 32),
        issued_at timestamptz(3) NOT NULL,
        key_id text NOT NULL CHECK (key_id ~ '^[0-9a-f]{32}$'),
        signature bytea NOT NULL CHECK (octet_length(signature) = 64),
        frontier jsonb NOT NULL,
        PRIMARY KEY (chain, size)
      )`);
    await db.query(`
      CREATE TABLE ledger.relay_watermarks (
        chain integer PRIMARY KEY CHECK (chain >= 0),
        entries_seq bigint NOT NULL DEFAULT -1,
        checkpoints_size bigint NOT NULL DEFAULT 0
      )`);
    await db.query(`
      CREATE FUNCTION ledger.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ledger.% is append-only: % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['entries', 'checkpoints']) {
      await db.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ledger.${table}
         FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change()`,
      );
      await db.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ledger.${table}
         FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change()`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['relay_watermarks', 'checkpoints', 'heads', 'entries', 'settings']) {
      await db.query(`DROP TABLE ledger.${table}`);
    }
    await db.query('DROP FUNCTION ledger.refuse_change()');
  }
}
