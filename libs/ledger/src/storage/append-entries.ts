import type { ChainHead } from '../append/seal-entries';
import { HASH_LENGTH, SIGNATURE_LENGTH } from '../crypto';
import type { LedgerEntry } from '../ledger-entry';
import { ENTRY_COLUMNS } from './entry-row';
import { nthBytes, writeHex } from './insert-entries';
import type { Queryable } from './queryable';

/**
 * A sealed batch as rows: one chain, consecutive seq after the head, one recordedAt, each entry
 * linked to the one before. So chain, seq and recorded_at go once, not once a row, and the
 * hashes in binary: the head's hash then the entries' hashes end to end, prev_hash being the run
 * before entry_hash's; the signatures end to end beside a byte per row that says which are null.
 * Only the free-text columns go as text arrays (issue #17: the arrays that pg escapes and
 * PostgreSQL parses back, timestamps and hex bytea among them, were a share of both sides' CPU).
 */
const INSERT_BATCH = `INSERT INTO ledger.entries (${ENTRY_COLUMNS})
     SELECT $1::int, $2::bigint + n, ${nthBytes('$4')}, ${nthBytes('$4', 'n::int + 1')},
            kind, subject, actor, payload, ${nthBytes('$5')},
            CASE WHEN get_byte($6::bytea, n::int - 1) = 1
                 THEN ${nthBytes('$7', 'n::int', SIGNATURE_LENGTH)} END,
            $3::timestamptz, identity
     FROM unnest($8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
          WITH ORDINALITY AS e(kind, subject, actor, payload, identity, n)`;

/**
 * The write of a batch in one round trip, under the head lock the caller holds: the entries
 * (an identity already recorded is skipped, not an error, so the caller sees how many went in),
 * the new head, and a wake-up for the relay when it had published everything before this batch.
 * A busy relay needs none: it reads again, and waits on the head lock, before it sleeps
 * (EntryPublisher), and NOTIFY serialises the commits of every chain on one lock.
 */
export async function appendEntries(
  db: Queryable,
  from: ChainHead,
  entries: LedgerEntry[],
  to: ChainHead,
): Promise<{ inserted: number }> {
  const [row] = await db.query<Array<{ inserted: string }>>(
    `WITH inserted AS (${INSERT_BATCH} ON CONFLICT (identity) DO NOTHING RETURNING 1),
          head AS (UPDATE ledger.heads SET seq = $13, hash = $14 WHERE chain = $1 RETURNING 1),
          wake AS (SELECT pg_notify('ledger_appended', $1::text) FROM ledger.relay_watermarks
                   WHERE chain = $1 AND entries_seq >= $2)
     SELECT (SELECT count(*) FROM inserted) AS inserted,
            (SELECT count(*) FROM head) + (SELECT count(*) FROM wake) AS touched`,
    [...batchParameters(from, entries), to.seq, Buffer.from(to.hash, 'hex')],
  );
  return { inserted: Number(row.inserted) };
}

/** $1..$12 of INSERT_BATCH; refuses entries that are not a sealed batch after `from`. */
function batchParameters(from: ChainHead, entries: LedgerEntry[]): unknown[] {
  const hashes = Buffer.alloc((entries.length + 1) * HASH_LENGTH);
  const payloadHashes = Buffer.alloc(entries.length * HASH_LENGTH);
  const signed = Buffer.alloc(entries.length);
  const signatures = Buffer.alloc(entries.some(isSigned) ? entries.length * SIGNATURE_LENGTH : 0);
  writeHex(hashes, 0, from.hash, HASH_LENGTH, 'the head hash');
  const recordedAt = entries[0]?.recordedAt;
  entries.forEach((entry, i) => {
    const where = `entry ${entry.chain}/${entry.seq}`;
    if (entry.chain !== from.chain || entry.seq !== from.seq + 1 + i)
      throw new RangeError(`${where} does not follow ${from.chain}/${from.seq + i}`);
    if (entry.recordedAt !== recordedAt)
      throw new RangeError(`${where}: recordedAt differs from the batch's`);
    const previous = i === 0 ? from.hash : entries[i - 1].entryHash;
    if (entry.prevHash !== previous)
      throw new RangeError(`${where}: prevHash is not the previous hash`);
    writeHex(hashes, (i + 1) * HASH_LENGTH, entry.entryHash, HASH_LENGTH, `${where}: entryHash`);
    writeHex(
      payloadHashes,
      i * HASH_LENGTH,
      entry.payloadHash,
      HASH_LENGTH,
      `${where}: payloadHash`,
    );
    if (entry.actorSignature === null) return;
    signed[i] = 1;
    const at = i * SIGNATURE_LENGTH;
    writeHex(signatures, at, entry.actorSignature, SIGNATURE_LENGTH, `${where}: actorSignature`);
  });
  const column = (key: 'kind' | 'subject' | 'actor' | 'payload' | 'identity') =>
    entries.map((e) => e[key]);
  return [
    from.chain,
    from.seq,
    recordedAt,
    hashes,
    payloadHashes,
    signed,
    signatures,
    column('kind'),
    column('subject'),
    column('actor'),
    column('payload'),
    column('identity'),
  ];
}

function isSigned(entry: LedgerEntry): boolean {
  return entry.actorSignature !== null;
}
