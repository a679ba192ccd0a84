import { canonicalJson, entryHash, sha256Hex } from '../crypto';
import type { EntryDraft, LedgerEntry } from '../ledger-entry';

export interface ChainHead {
  chain: number;
  /** -1 for an empty chain. */
  seq: number;
  /** The last entry's hash, or the genesis prevHash. */
  hash: string;
}

/**
 * Gives drafts their place after the head: consecutive seq, each linked to the one before.
 * Per entry only what differs is computed (the payload's text and hash, the entry hash): the
 * timestamp is written once per batch, and the payload is hashed from its text in one call.
 */
export function sealEntries(
  head: ChainHead,
  drafts: EntryDraft[],
  recordedAt: Date,
): { entries: LedgerEntry[]; head: ChainHead } {
  const recorded = recordedAt.toISOString();
  let seq = head.seq;
  let prevHash = head.hash;
  const entries = drafts.map((draft): LedgerEntry => {
    seq += 1;
    const payload = canonicalJson(draft.payload);
    // The members in the order callers have always seen; entryHash reads only the hashed ones.
    const entry = {
      chain: head.chain,
      seq,
      prevHash,
      kind: draft.kind,
      subject: draft.subject,
      actor: draft.actor,
      payloadHash: sha256Hex(payload),
      actorSignature: draft.actorSignature ?? null,
      recordedAt: recorded,
      identity: draft.identity,
      entryHash: '',
      payload,
    };
    entry.entryHash = prevHash = entryHash(entry);
    return entry;
  });
  return { entries, head: { chain: head.chain, seq, hash: prevHash } };
}
