import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Parties and their credentials: who may call which service, checked by all three. */
export class CreateAccess1795474600000 implements MigrationInterface {
  name = 'CreateAccess1795474600000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE access.parties (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tax_id text NOT NULL CONSTRAINT parties_tax_id_key UNIQUE
          CONSTRAINT parties_tax_id_check CHECK (length(tax_id) BETWEEN 1 AND 64),
        name text NOT NULL CONSTRAINT parties_name_check CHECK (length(name) BETWEEN 1 AND 200),
        roles text[] NOT NULL CONSTRAINT parties_roles_check CHECK (
          cardinality(roles) >= 1 AND roles <@ ARRAY['merchant', 'company']::text[]
        ),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX parties_created_idx ON access.parties (created_at, id)`);
    await runner.query(`
      CREATE TABLE access.credentials (
        id text PRIMARY KEY CONSTRAINT credentials_id_check CHECK (id ~ '^[0-9a-f]{20}$'),
        party_id uuid REFERENCES access.parties (id),
        role text NOT NULL CONSTRAINT credentials_role_check
          CHECK (role IN ('admin', 'merchant', 'company', 'official')),
        label text NOT NULL CONSTRAINT credentials_label_check CHECK (length(label) BETWEEN 1 AND 200),
        secret_hash bytea NOT NULL CONSTRAINT credentials_secret_hash_check
          CHECK (octet_length(secret_hash) = 32),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz CONSTRAINT credentials_revoked_at_check
          CHECK (revoked_at >= created_at),
        -- A credential is rotated at most once: its successor is unique.
        rotated_from text CONSTRAINT credentials_rotated_from_key UNIQUE
          REFERENCES access.credentials (id),
        -- Merchants and companies act for a party; officials and admins for the authority.
        CONSTRAINT credentials_party_check
          CHECK ((party_id IS NOT NULL) = (role IN ('merchant', 'company')))
      )`);
    await runner.query(
      `CREATE INDEX credentials_created_idx ON access.credentials (created_at, id)`,
    );
    await runner.query(`CREATE INDEX credentials_party_idx ON access.credentials (party_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE access.credentials`);
    await runner.query(`DROP TABLE access.parties`);
  }
}
