// From the module, not the index: a getter fewer per call (swc re-exports through getters).
import { HASH_LENGTH, HashDomain, sha256 } from '../crypto/hashes';
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
  if (entry.chain !== previous.chain)
    return at(previous, 'fork', `entry of chain ${entry.chain} found in chain ${previous.chain}`);
  if (entry.seq > previous.seq + 1)
    return at(previous, 'gap', `seq ${previous.seq + 1} to ${entry.seq - 1} missing`);
  if (entry.seq < previous.seq + 1)
    return at(previous, 'fork', `seq ${entry.seq} repeated or out of order after ${previous.seq}`);
  if (entry.prevHash !== previous.hash)
    return at(previous, 'fork', `prevHash does not link to seq ${previous.seq}`);
  const fault = entryFault(entry);
  if (fault) return at(previous, fault, ENTRY_FAULT_DETAIL[fault]);
  return undefined;
}

/** A break at the entry after `previous` (a function of its own: no closure per entry checked). */
function at(previous: ChainPosition, reason: ChainBreak['reason'], detail: string): ChainBreak {
  return { chain: previous.chain, seq: previous.seq + 1, reason, detail };
}

/** The position after an entry that verified. */
export function advance(entry: LedgerEntry): ChainPosition {
  return { chain: entry.chain, seq: entry.seq, hash: entry.entryHash };
}

// A leaf hash's input, rewritten in place for each entry: no array per leaf.
const leafInput = Buffer.alloc(1 + HASH_LENGTH, HashDomain.leaf);

/**
 * The Merkle leaf of an entry that passed {@link checkLink}: its entryHash is then the hash just
 * recomputed, 64 lowercase hex digits, which Buffer decodes exactly (fromHex's checks are moot).
 * The bytes leafHash hashes, 0x00 then the hash, in one buffer kept for the purpose.
 */
export function leafOf(entry: LedgerEntry): Uint8Array {
  leafInput.write(entry.entryHash, 1, HASH_LENGTH, 'hex');
  return sha256(leafInput);
}
