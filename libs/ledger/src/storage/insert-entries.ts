import type { LedgerEntry } from '../ledger-entry';
import { ENTRY_COLUMNS, bytea } from './entry-row';
import type { Queryable } from './queryable';

/** Inserts sealed entries in one statement (column arrays through unnest). */
export async function insertEntries(db: Queryable, entries: LedgerEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const column = <K extends keyof LedgerEntry>(key: K) => entries.map((e) => e[key]);
  await db.query(
    `INSERT INTO ledger.entries (${ENTRY_COLUMNS})
     SELECT * FROM unnest($1::int[], $2::bigint[], $3::bytea[], $4::bytea[], $5::text[], $6::text[], $7::text[],
                          $8::text[], $9::bytea[], $10::bytea[], $11::timestamptz[], $12::text[])`,
    [
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
    ],
  );
}
