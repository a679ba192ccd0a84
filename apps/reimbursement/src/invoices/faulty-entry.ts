import { ENTRY_FAULT_DETAIL, entryFault, type LedgerEntry } from '@taxchain/ledger';

/**
 * An entry that vouches for nothing: its payload or fields are not what the ledger hashed (or
 * its payload no longer parses), so nothing is read from it. `fault` names it for a verdict.
 */
export interface FaultyEntry {
  fault: string;
  entry: LedgerEntry;
}

/** The ledger's own entry-hash check (entryFault), named by seq; undefined for an intact entry. */
export function faultOf(entry: LedgerEntry): FaultyEntry | undefined {
  const fault = entryFault(entry);
  return fault ? { fault: `seq ${entry.seq}: ${ENTRY_FAULT_DETAIL[fault]}`, entry } : undefined;
}
