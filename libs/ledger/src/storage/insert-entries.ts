import type { LedgerEntry } from '../ledger-entry';
import { ENTRY_COLUMNS, bytea } from './entry-row';
import type { Queryable } from './queryable';

/** Rows of ledger.entries from the twelve column arrays of {@link entryArrays}, as $1..$12. */
export const UNNEST_ENTRIES = `INSERT INTO ledger.entries (${ENTRY_COLUMNS})
     SELECT * FROM unnest($1::int[], $2::bigint[], $3::bytea[], $4::bytea[], $5::text[], $6::text[], $7::text[],
                          $8::text[], $9::bytea[], $10::bytea[], $11::timestamptz[], $12::text[])`;

/** One array per column, in ENTRY_COLUMNS order: a whole batch in one statement. */
export function entryArrays(entries: LedgerEntry[]): unknown[][] {
  const column = <K extends keyof LedgerEntry>(key: K) => entries.map((e) => e[key]);
  return [
    column('chain'),
    column('seq'),
    column('prevHash').map(bytea),
    column('entryHash').map(bytea),
    column('kind'),
    column('subject'),
    column('actor'),
    column('payload'),
    column('payloadHash').map(bytea),
    column('actorSignature').map((s) => (s === null ? null : bytea(s))),
    column('recordedAt'),
    column('identity'),
  ];
}

/** Inserts sealed entries in one statement (column arrays through unnest). */
export async function insertEntries(db: Queryable, entries: LedgerEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.query(UNNEST_ENTRIES, entryArrays(entries));
}
