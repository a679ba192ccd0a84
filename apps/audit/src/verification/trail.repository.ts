import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { LedgerEntry } from '@taxchain/ledger';
import type { SqlStatement } from '@taxchain/platform';

/** An entry whose hash in the ledger table is no longer the one the feed saw. */
export interface RewrittenEntry {
  chain: number;
  seq: number;
  seenHash: string;
  /** null when the row is gone. */
  storedHash: string | null;
}

/**
 * audit.trail: every entry as the feed saw it. Comparing it with ledger.entries names the
 * exact rewritten row, even when the rewriter recomputed every hash after it.
 */
@Injectable()
export class TrailRepository {
  constructor(private readonly db: DataSource) {}

  /** A run of entries in one statement; a redelivered one is there already. */
  async record(tx: EntityManager, entries: LedgerEntry[]): Promise<void> {
    const { text, values } = this.recordStatement(entries);
    await tx.query(text, values);
  }

  /** record's statement, to run together with other writes of the feed's transaction. */
  recordStatement(entries: LedgerEntry[]): SqlStatement {
    return {
      text: `INSERT INTO audit.trail (chain, seq, entry_hash, kind, subject, recorded_at)
       SELECT ch, seq, decode(h, 'hex'), k, s, at
         FROM unnest($1::integer[], $2::bigint[], $3::text[], $4::text[], $5::text[],
                     $6::timestamptz[]) AS r(ch, seq, h, k, s, at)
       ON CONFLICT DO NOTHING`,
      values: [
        entries.map((e) => e.chain),
        entries.map((e) => e.seq),
        entries.map((e) => e.entryHash),
        entries.map((e) => e.kind),
        entries.map((e) => e.subject),
        entries.map((e) => e.recordedAt),
      ],
    };
  }

  /** The first rows of a chain whose stored hash differs from (or lacks) what the feed saw. */
  async rewritten(chain: number, limit = 20): Promise<RewrittenEntry[]> {
    const rows = await this.db.query<Array<{ seq: string; seen: Buffer; stored: Buffer | null }>>(
      `SELECT t.seq, t.entry_hash AS seen, e.entry_hash AS stored
         FROM audit.trail t
         LEFT JOIN ledger.entries e ON e.chain = t.chain AND e.seq = t.seq
        WHERE t.chain = $1 AND (e.entry_hash IS NULL OR e.entry_hash <> t.entry_hash)
        ORDER BY t.seq LIMIT $2`,
      [chain, limit],
    );
    return rows.map((row) => toRewritten(chain, row));
  }

  /**
   * Compares `limit` trail rows of a chain from `fromSeq` with the table: the mismatches, and the
   * last seq compared (undefined past the end of the trail).
   */
  async compareSlice(
    chain: number,
    fromSeq: number,
    limit: number,
  ): Promise<{ last?: number; rewritten: RewrittenEntry[] }> {
    const [slice] = await this.db.query<Array<{ last: string | null }>>(
      `SELECT max(seq)::text AS last FROM
         (SELECT seq FROM audit.trail WHERE chain = $1 AND seq >= $2 ORDER BY seq LIMIT $3) s`,
      [chain, fromSeq, limit],
    );
    if (slice.last === null) return { rewritten: [] };
    const last = Number(slice.last);
    const rows = await this.db.query<Array<{ seq: string; seen: Buffer; stored: Buffer | null }>>(
      `SELECT t.seq, t.entry_hash AS seen, e.entry_hash AS stored
         FROM audit.trail t
         LEFT JOIN ledger.entries e ON e.chain = t.chain AND e.seq = t.seq
        WHERE t.chain = $1 AND t.seq BETWEEN $2 AND $3
          AND (e.entry_hash IS NULL OR e.entry_hash <> t.entry_hash)
        ORDER BY t.seq LIMIT 20`,
      [chain, fromSeq, last],
    );
    return { last, rewritten: rows.map((row) => toRewritten(chain, row)) };
  }
}

function toRewritten(
  chain: number,
  row: { seq: string; seen: Buffer; stored: Buffer | null },
): RewrittenEntry {
  return {
    chain,
    seq: Number(row.seq),
    seenHash: row.seen.toString('hex'),
    storedHash: row.stored ? row.stored.toString('hex') : null,
  };
}
