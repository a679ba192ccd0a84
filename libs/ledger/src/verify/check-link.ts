import { entryHash, sha256, toHex } from '../crypto';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { LedgerEntry } from '../ledger-entry';
import type { ChainBreak } from './chain-break';

export interface ChainPosition {
  chain: number;
  /** -1 before the first entry. */
  seq: number;
  hash: string;
}

/**
 * Checks one entry against the one before it: consecutive seq, prevHash link,
 * payload hash and entry hash recomputed from the stored fields.
 */
export function checkLink(previous: ChainPosition, entry: LedgerEntry): ChainBreak | undefined {
  const at = (reason: ChainBreak['reason'], detail: string): ChainBreak => ({
    chain: previous.chain,
    seq: previous.seq + 1,
    reason,
    detail,
  });
  if (entry.chain !== previous.chain)
    return at('fork', `entry of chain ${entry.chain} found in chain ${previous.chain}`);
  if (entry.seq > previous.seq + 1)
    return at('gap', `seq ${previous.seq + 1} to ${entry.seq - 1} missing`);
  if (entry.seq < previous.seq + 1)
    return at('fork', `seq ${entry.seq} repeated or out of order after ${previous.seq}`);
  if (entry.prevHash !== previous.hash)
    return at('fork', `prevHash does not link to seq ${previous.seq}`);
  if (toHex(sha256(utf8ToBytes(entry.payload))) !== entry.payloadHash)
    return at('payload-mismatch', 'payload does not match its hash');
  const recomputed = entryHash({
    chain: entry.chain,
    seq: entry.seq,
    prevHash: entry.prevHash,
    kind: entry.kind,
    subject: entry.subject,
    actor: entry.actor,
    payloadHash: entry.payloadHash,
    actorSignature: entry.actorSignature,
    recordedAt: entry.recordedAt,
    identity: entry.identity,
  });
  if (recomputed !== entry.entryHash)
    return at('hash-mismatch', 'stored fields do not hash to the entry hash');
  return undefined;
}

/** The position after an entry that verified. */
export function advance(entry: LedgerEntry): ChainPosition {
  return { chain: entry.chain, seq: entry.seq, hash: entry.entryHash };
}
