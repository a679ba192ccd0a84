import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks: each company's signing keys (ed25519, Standard Webhooks v1a), its endpoints and
 * the outbox of deliveries. Deliveries are written in the feed's transaction, so an event the
 * read model applied is never without its deliveries, whatever crashes.
 */
export class CreateWebhooks1796300000000 implements MigrationInterface {
  name = 'CreateWebhooks1796300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE reimbursement.webhook_keys (
        key_id text PRIMARY KEY,
        company_tax_id text NOT NULL,
        secret_key bytea NOT NULL CHECK (octet_length(secret_key) = 32),
        public_key bytea NOT NULL CHECK (octet_length(public_key) = 32),
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz
      )`);
    await db.query(`
      CREATE UNIQUE INDEX webhook_keys_current_idx
        ON reimbursement.webhook_keys (company_tax_id) WHERE retired_at IS NULL`);
    await db.query(`
      CREATE TABLE reimbursement.webhook_endpoints (
        endpoint_id uuid PRIMARY KEY,
        company_tax_id text NOT NULL,
        url text NOT NULL,
        event_types text[] NOT NULL CHECK (cardinality(event_types) > 0),
        status text NOT NULL DEFAULT 'enabled' CHECK (status IN ('enabled', 'disabled')),
        disabled_reason text,
        disabled_at timestamptz,
        failing_since timestamptz,
        next_attempt_at timestamptz,
        failed_attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE INDEX webhook_endpoints_company_idx
        ON reimbursement.webhook_endpoints (company_tax_id, created_at)`);
    await db.query(`
      CREATE TABLE reimbursement.webhook_deliveries (
        delivery_id bigserial PRIMARY KEY,
        endpoint_id uuid NOT NULL
          REFERENCES reimbursement.webhook_endpoints (endpoint_id) ON DELETE CASCADE,
        message_id text NOT NULL,
        event_type text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_attempt_at timestamptz,
        last_status integer,
        last_error text,
        UNIQUE (endpoint_id, message_id)
      )`);
    await db.query(`
      CREATE INDEX webhook_deliveries_pending_idx
        ON reimbursement.webhook_deliveries (endpoint_id, delivery_id) WHERE delivered_at IS NULL`);
    await db.query(`
      CREATE INDEX webhook_deliveries_log_idx
        ON reimbursement.webhook_deliveries (endpoint_id, created_at, delivery_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE reimbursement.webhook_deliveries');
    await db.query('DROP TABLE reimbursement.webhook_endpoints');
    await db.query('DROP TABLE reimbursement.webhook_keys');
  }
}
