// From the module, not the index: a getter fewer per call (swc re-exports through getters).
import { leafHash } from '../merkle/merkle-tree';
import type { LedgerEntry } from '../ledger-entry';
import type { ChainBreak } from './chain-break';
import { ENTRY_FAULT_DETAIL, entryFault } from './entry-fault';

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
  const fault = entryFault(entry);
  if (fault) return at(fault, ENTRY_FAULT_DETAIL[fault]);
  return undefined;
}

/** The position after an entry that verified. */
export function advance(entry: LedgerEntry): ChainPosition {
  return { chain: entry.chain, seq: entry.seq, hash: entry.entryHash };
}

/**
 * The Merkle leaf of an entry that passed {@link checkLink}: its entryHash is then the hash just
 * recomputed, 64 lowercase hex digits, which Buffer decodes exactly (fromHex's checks are moot).
 */
export function leafOf(entry: LedgerEntry): Uint8Array {
  return leafHash(Buffer.from(entry.entryHash, 'hex'));
}
