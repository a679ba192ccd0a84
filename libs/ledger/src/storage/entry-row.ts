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
