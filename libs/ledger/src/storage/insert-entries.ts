import type { LedgerEntry } from '../ledger-entry';
import { HASH_LENGTH } from '../crypto';
import { ENTRY_COLUMNS, bytea } from './entry-row';
import type { Queryable } from './queryable';

/** The `index`th (from 1) run of `size` bytes of a binary parameter that holds them end to end. */
export const nthBytes = (parameter: string, index = 'n::int', size = HASH_LENGTH) =>
  `substring(${parameter}::bytea FROM (${index}) * ${size} - ${size - 1} FOR ${size})`;

/**
 * Rows of ledger.entries from the twelve parameters of {@link entryArrays}, as $1..$12: the
 * other columns as arrays, the three hashes of each row cut from their runs by the row's place.
 */
export const UNNEST_ENTRIES = `INSERT INTO ledger.entries (${ENTRY_COLUMNS})
     SELECT chain, seq, ${nthBytes('$3')}, ${nthBytes('$4')}, kind, subject, actor, payload, ${nthBytes('$9')},
            actor_signature, recorded_at, identity
     FROM unnest($1::int[], $2::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $10::bytea[],
                 $11::timestamptz[], $12::text[])
          WITH ORDINALITY AS e(chain, seq, kind, subject, actor, payload, actor_signature, recorded_at, identity, n)`;

/**
 * One parameter per column, in ENTRY_COLUMNS order: a whole batch in one statement. The hashes
 * go as bytes, each column's end to end in one binary parameter, not as hex in an array literal
 * that the driver escapes and PostgreSQL parses back, for three of the row's twelve values.
 */
export function entryArrays(entries: LedgerEntry[]): unknown[] {
  const column = <K extends keyof LedgerEntry>(key: K) => entries.map((e) => e[key]);
  return [
    column('chain'),
    column('seq'),
    hashes(entries, 'prevHash'),
    hashes(entries, 'entryHash'),
    column('kind'),
    column('subject'),
    column('actor'),
    column('payload'),
    hashes(entries, 'payloadHash'),
    column('actorSignature').map((s) => (s === null ? null : bytea(s))),
    column('recordedAt'),
    column('identity'),
  ];
}

/** The entries' hashes in `key`, end to end; a hash that is not 32 bytes of hex is refused. */
function hashes(entries: LedgerEntry[], key: 'prevHash' | 'entryHash' | 'payloadHash'): Buffer {
  const bytes = Buffer.alloc(entries.length * HASH_LENGTH);
  entries.forEach((entry, i) =>
    writeHex(
      bytes,
      i * HASH_LENGTH,
      entry[key],
      HASH_LENGTH,
      `entry ${entry.chain}/${entry.seq}: ${key}`,
    ),
  );
  return bytes;
}

/** Writes `hex` at `offset`; refuses what is not `size` bytes of hex. */
export function writeHex(
  into: Buffer,
  offset: number,
  hex: string,
  size: number,
  what: string,
): void {
  if (hex.length !== size * 2 || into.write(hex, offset, 'hex') !== size)
    throw new RangeError(`${what} is not ${size} bytes of hex`);
}

/** Inserts sealed entries in one statement (column arrays through unnest). */
export async function insertEntries(db: Queryable, entries: LedgerEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.query(UNNEST_ENTRIES, entryArrays(entries));
}
