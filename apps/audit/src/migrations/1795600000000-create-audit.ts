import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createFeedTables, dropFeedTables } from '@taxchain/ledger';

/**
 * The tax office's side: a read model of every invoice, the trail of every entry the feed
 * saw (what the database must still hold), the checkpoints witnessed on Kafka, analytics,
 * anomalies and verification runs. Everything here is derived from the ledger feed, so it
 * can be rebuilt by replaying it.
 */
export class CreateAudit1795600000000 implements MigrationInterface {
  name = 'CreateAudit1795600000000';

  async up(db: QueryRunner): Promise<void> {
    await createFeedTables(db, 'audit');
    await db.query(`
      CREATE TABLE audit.invoices (
        invoice_number text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('invoice', 'credit-note')),
        credited_invoice_number text,
        seller_tax_id text NOT NULL,
        seller_name text NOT NULL,
        buyer_tax_id text NOT NULL,
        buyer_name text NOT NULL,
        region text NOT NULL,
        issue_date date NOT NULL,
        currency text NOT NULL,
        net bigint NOT NULL CHECK (net >= 0),
        tax bigint NOT NULL CHECK (tax >= 0),
        gross bigint NOT NULL CHECK (gross >= 0),
        tax_rates text[] NOT NULL,
        -- net and tax per rate ({"0.13": {"net": "100", "tax": "13"}}): what a void takes back
        rate_totals jsonb NOT NULL,
        status text NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'voided')),
        credited bigint NOT NULL DEFAULT 0 CHECK (credited >= 0),
        claim_state text NOT NULL DEFAULT 'none'
          CHECK (claim_state IN ('none', 'claimed', 'released', 'completed')),
        claim_buyer_tax_id text,
        refused_claims integer NOT NULL DEFAULT 0,
        last_claim_attempt_at timestamptz,
        chain integer NOT NULL,
        seq bigint NOT NULL,
        entry_hash bytea NOT NULL CHECK (octet_length(entry_hash) = 32),
        issued_at timestamptz NOT NULL,
        voided_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      'CREATE INDEX invoices_issued_idx ON audit.invoices (issued_at, invoice_number)',
    );
    // By seller: officials' searches.
    await db.query(
      'CREATE INDEX invoices_seller_idx ON audit.invoices (seller_tax_id, issued_at, buyer_tax_id)',
    );
    await db.query('CREATE INDEX invoices_buyer_idx ON audit.invoices (buyer_tax_id, issued_at)');
    await db.query(`
      CREATE TABLE audit.trail (
        chain integer NOT NULL CHECK (chain >= 0),
        seq bigint NOT NULL CHECK (seq >= 0),
        entry_hash bytea NOT NULL CHECK (octet_length(entry_hash) = 32),
        kind text NOT NULL,
        subject text NOT NULL,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (chain, seq)
      )`);
    await db.query('CREATE INDEX trail_subject_idx ON audit.trail (subject)');
    await db.query(`
      CREATE TABLE audit.checkpoints_seen (
        chain integer NOT NULL CHECK (chain >= 0),
        size bigint NOT NULL CHECK (size >= 0),
        checkpoint jsonb NOT NULL,
        seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (chain, size)
      )`);
    // Per chain as well: each chain's feed transaction then upserts only its own rows, so
    // concurrent chains never wait on (or deadlock over) one hot seller/buyer row.
    await db.query(`
      CREATE TABLE audit.daily_totals (
        day date NOT NULL,
        chain integer NOT NULL,
        seller_tax_id text NOT NULL,
        buyer_tax_id text NOT NULL,
        tax_rate text NOT NULL,
        region text NOT NULL,
        count bigint NOT NULL,
        net bigint NOT NULL,
        tax bigint NOT NULL,
        gross bigint NOT NULL,
        PRIMARY KEY (day, seller_tax_id, buyer_tax_id, tax_rate, region, chain)
      )`);
    // Written outside the feed's per-chain transactions (see ActivityRepository): detectors on
    // one chain must see invoices another chain is still applying.
    await db.query(`
      CREATE TABLE audit.seller_activity (
        chain integer NOT NULL,
        seq bigint NOT NULL,
        seller_tax_id text NOT NULL,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (chain, seq)
      )`);
    await db.query(
      'CREATE INDEX seller_activity_idx ON audit.seller_activity (seller_tax_id, recorded_at)',
    );
    await db.query(`
      CREATE TABLE audit.invoice_edges (
        seller_tax_id text NOT NULL,
        buyer_tax_id text NOT NULL,
        first_at timestamptz NOT NULL,
        last_at timestamptz NOT NULL,
        PRIMARY KEY (seller_tax_id, buyer_tax_id)
      )`);
    await db.query(`
      CREATE TABLE audit.anomalies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
        summary text NOT NULL,
        evidence jsonb NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'dismissed')),
        decided_by text,
        decided_at timestamptz,
        detected_at timestamptz NOT NULL DEFAULT now(),
        -- The same finding (redelivery, a second verifier pass) is one anomaly, not many.
        dedupe_key text NOT NULL UNIQUE
      )`);
    await db.query(
      'CREATE INDEX anomalies_detected_idx ON audit.anomalies (detected_at DESC, id DESC)',
    );
    await db.query(`
      CREATE TABLE audit.verification_runs (
        id uuid PRIMARY KEY,
        state text NOT NULL DEFAULT 'running'
          CHECK (state IN ('running', 'done', 'failed', 'cancelled')),
        done bigint NOT NULL DEFAULT 0 CHECK (done >= 0),
        total bigint NOT NULL CHECK (total >= 0),
        started_by text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        result jsonb
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'verification_runs',
      'anomalies',
      'invoice_edges',
      'seller_activity',
      'daily_totals',
      'checkpoints_seen',
      'trail',
      'invoices',
    ])
      await db.query(`DROP TABLE audit.${table}`);
    await dropFeedTables(db, 'audit');
  }
}
