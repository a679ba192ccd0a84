import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A page of rows as PostgreSQL hashed them: how many, the last seq, their SHA-256. */
export interface FingerprintPage {
  rows: number;
  last: number;
  digest: string;
}

/**
 * Every row, every column, as PostgreSQL prints it (`row::text`), joined in order and hashed by
 * PostgreSQL itself: a row changed in any way, moved, added or deleted changes the digest,
 * whoever did it, with or without triggers, and no row leaves the database to be compared.
 */
const DIGEST = (row: string, order: string) =>
  `pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(
     coalesce(pg_catalog.string_agg(${row}::text, E'\\n' ORDER BY ${order}), ''), 'UTF8')), 'hex')`;

/** What a sweep pass reads besides the entries: small tables, hashed whole. */
const OTHER_TABLES = `SELECT
  (SELECT ${DIGEST('h', 'h.chain')} FROM ledger.heads h) AS heads,
  (SELECT ${DIGEST('c', 'c.chain, c.size')} FROM ledger.checkpoints c) AS checkpoints,
  (SELECT ${DIGEST('s', 's.chain, s.size')} FROM audit.checkpoints_seen s) AS seen`;

/** The next page of a chain's entries after seq `after`, by the primary key. */
const ENTRY_PAGE = `SELECT count(*)::int AS rows, coalesce(max(e.seq), -1)::text AS last,
  ${DIGEST('e', 'e.seq')} AS digest
  FROM (SELECT * FROM ledger.entries WHERE chain = $1 AND seq > $2 ORDER BY seq LIMIT $3) e`;

/** The digests the history sweep compares to tell that nothing it verified has changed. */
@Injectable()
export class LedgerFingerprintRepository {
  constructor(private readonly db: DataSource) {}

  /** heads, checkpoints and the checkpoints witnessed on Kafka, as one digest. */
  async otherTables(): Promise<string> {
    const [row] = await this.db.query<Array<Record<string, string>>>(OTHER_TABLES);
    return `${row.heads}:${row.checkpoints}:${row.seen}`;
  }

  /** Up to `limit` entries of `chain` after seq `after` (−1: from genesis). */
  async entries(chain: number, after: number, limit: number): Promise<FingerprintPage> {
    const [row] = await this.db.query<Array<{ rows: number; last: string; digest: string }>>(
      ENTRY_PAGE,
      [chain, after, limit],
    );
    return { rows: row.rows, last: Number(row.last), digest: row.digest };
  }
}
