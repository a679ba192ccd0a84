import { canonicalJson, entryHash, toHex, sha256 } from '../crypto';
import type { EntryDraft, LedgerEntry } from '../ledger-entry';

export interface ChainHead {
  chain: number;
  /** -1 for an empty chain. */
  seq: number;
  /** The last entry's hash, or the genesis prevHash. */
  hash: string;
}

/** Gives drafts their place after the head: consecutive seq, each linked to the one before. */
export function sealEntries(
  head: ChainHead,
  drafts: EntryDraft[],
  recordedAt: Date,
): { entries: LedgerEntry[]; head: ChainHead } {
  let seq = head.seq;
  let prevHash = head.hash;
  const entries = drafts.map((draft) => {
    seq += 1;
    const payload = canonicalJson(draft.payload);
    const fields = {
      chain: head.chain,
      seq,
      prevHash,
      kind: draft.kind,
      subject: draft.subject,
      actor: draft.actor,
      payloadHash: toHex(sha256(new TextEncoder().encode(payload))),
      actorSignature: draft.actorSignature ?? null,
      recordedAt: recordedAt.toISOString(),
      identity: draft.identity,
    };
    const hash = entryHash(fields);
    prevHash = hash;
    return { ...fields, entryHash: hash, payload };
  });
  return { entries, head: { chain: head.chain, seq, hash: prevHash } };
}
