import type { QueryRunner } from 'typeorm';

/**
 * The tables a consuming service keeps in its own schema: where each chain's
 * feed is up to (the effectively-once position) and the breaks it has seen.
 * Call from that service's migration.
 */
export async function createFeedTables(db: QueryRunner, schema: string): Promise<void> {
  await db.query(`
    CREATE TABLE "${schema}".feed_positions (
      chain integer PRIMARY KEY CHECK (chain >= 0),
      seq bigint NOT NULL CHECK (seq >= -1),
      hash bytea NOT NULL CHECK (octet_length(hash) = 32),
      broken boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await db.query(`
    CREATE TABLE "${schema}".feed_breaks (
      id bigserial PRIMARY KEY,
      chain integer NOT NULL,
      seq bigint NOT NULL,
      reason text NOT NULL,
      detail text NOT NULL,
      detected_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (chain, seq, reason)
    )`);
}

export async function dropFeedTables(db: QueryRunner, schema: string): Promise<void> {
  await db.query(`DROP TABLE "${schema}".feed_breaks`);
  await db.query(`DROP TABLE "${schema}".feed_positions`);
}
