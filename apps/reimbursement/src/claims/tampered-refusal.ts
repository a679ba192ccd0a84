import type { LedgerEntry, LedgerException, ServedEntries } from '@taxchain/ledger';

/**
 * What a claim or its completion answers for an entry that fails the ledger's hash check: the
 * problem verify-on-read refuses it with (409 ledger-entry-tampered), its finding recorded for
 * the audit service.
 */
export async function tamperedRefusal(
  served: ServedEntries,
  entry: LedgerEntry,
): Promise<LedgerException> {
  const refusal = await served.refusal(entry);
  // Only an entry entryFault found wanting is taken for tampered: never reached.
  if (!refusal) throw new Error(`entry ${entry.seq} of chain ${entry.chain} passes its hashes`);
  return refusal;
}
