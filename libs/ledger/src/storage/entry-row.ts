import type { LedgerEntry } from '../ledger-entry';

/** A row of ledger.entries as node-postgres returns it. */
export interface EntryRow {
  chain: number;
  seq: string;
  prev_hash: Buffer;
  entry_hash: Buffer;
  kind: string;
  subject: string;
  actor: string;
  payload: string;
  payload_hash: Buffer;
  actor_signature: Buffer | null;
  recorded_at: Date;
  identity: string;
}

export const ENTRY_COLUMNS =
  'chain, seq, prev_hash, entry_hash, kind, subject, actor, payload, payload_hash, actor_signature, recorded_at, identity';

/**
 * The columns as a {@link LedgerEntry}'s members, hashes and signature in hex and the time in ISO
 * 8601, written by PostgreSQL in C (byte for byte what {@link toEntry} gives; relay-page.spec):
 * who reads every entry (relay, verifier, checkpointer) then decodes no bytea or timestamp and
 * converts nothing back. Only seq comes as text (bigint).
 */
export const ENTRY_AS_PUBLISHED = `chain, seq, encode(prev_hash, 'hex') AS "prevHash",
  encode(entry_hash, 'hex') AS "entryHash", kind, subject, actor, payload,
  encode(payload_hash, 'hex') AS "payloadHash", encode(actor_signature, 'hex') AS "actorSignature",
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "recordedAt", identity`;

/** A row selected as {@link ENTRY_AS_PUBLISHED}. */
export type PublishedRow = Omit<LedgerEntry, 'seq'> & { seq: string };

export function toEntry(row: EntryRow): LedgerEntry {
  return {
    chain: row.chain,
    seq: Number(row.seq),
    prevHash: row.prev_hash.toString('hex'),
    entryHash: row.entry_hash.toString('hex'),
    kind: row.kind,
    subject: row.subject,
    actor: row.actor,
    payload: row.payload,
    payloadHash: row.payload_hash.toString('hex'),
    actorSignature: row.actor_signature ? row.actor_signature.toString('hex') : null,
    recordedAt: row.recorded_at.toISOString(),
    identity: row.identity,
  };
}

/** bytea literal for array parameters (node-postgres sends arrays as text). */
export function bytea(hex: string): string {
  return `\\x${hex}`;
}
