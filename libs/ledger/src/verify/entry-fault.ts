// From the modules, not the index: a getter fewer per call (swc re-exports through getters).
import { entryHash } from '../crypto/entry-hash';
import { sha256Hex } from '../crypto/hashes';
import type { LedgerEntry } from '../ledger-entry';

/** What is wrong with one stored entry on its own, before any link to its neighbours. */
export type EntryFault = 'payload-mismatch' | 'hash-mismatch';

/**
 * Whether an entry read from the table is what was hashed: its stored payload text hashes to its
 * payload hash, and its fields to its entry hash. The stored text is the canonical JSON the
 * appender hashed, so its bytes are hashed as they are (the hot path of every verifier).
 */
export function entryFault(entry: LedgerEntry): EntryFault | undefined {
  if (sha256Hex(entry.payload) !== entry.payloadHash) return 'payload-mismatch';
  // entryHash reads the hashed fields one by one, never the rest: the entry itself, not a copy.
  const recomputed = entryHash(entry);
  return recomputed === entry.entryHash ? undefined : 'hash-mismatch';
}

/** How {@link entryFault} is worded in a break's detail. */
export const ENTRY_FAULT_DETAIL: Record<EntryFault, string> = {
  'payload-mismatch': 'payload does not match its hash',
  'hash-mismatch': 'stored fields do not hash to the entry hash',
};
