import type { LedgerEntry } from '../ledger-entry';
import { ENTRY_AS_PUBLISHED, type PublishedRow } from './entry-row';
import type { Queryable } from './queryable';

/**
 * A chain's entries after `afterSeq` in seq order, a page at a time, with the next page already
 * being read while the caller works on this one: the database and the caller's CPU overlap,
 * and memory holds two pages at most, however long the chain. Ends after a short page; entries
 * up to `beforeSeq` (exclusive) when given. Read as published (hex, ISO time), not converted.
 */
export async function* entryPages(
  db: Queryable,
  chain: number,
  afterSeq: number,
  options: { pageSize: number; beforeSeq?: number },
): AsyncGenerator<LedgerEntry[]> {
  const read = (after: number) => {
    const rows = db.query<PublishedRow[]>(
      `SELECT ${ENTRY_AS_PUBLISHED} FROM ledger.entries WHERE chain = $1 AND seq > $2 AND seq < $3
       ORDER BY seq LIMIT ${options.pageSize}`,
      [chain, after, options.beforeSeq ?? Number.MAX_SAFE_INTEGER],
    );
    // Read ahead: a caller that stops early never awaits it, and its failure is not theirs.
    rows.catch(() => undefined);
    return rows;
  };
  let next = read(afterSeq);
  for (;;) {
    const rows = await next;
    const full = rows.length === options.pageSize;
    if (full) next = read(Number(rows[rows.length - 1].seq));
    // Each row becomes its entry in place (seq, a bigint's text, to a number): no copy per row.
    for (const row of rows) (row as unknown as LedgerEntry).seq = Number(row.seq);
    yield rows as unknown as LedgerEntry[];
    if (!full) return;
  }
}
