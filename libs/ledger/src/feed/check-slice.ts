import type { LedgerEntry } from '../ledger-entry';
import type { ChainBreak } from '../verify/chain-break';
import { advance, checkLink, type ChainPosition } from '../verify/check-link';

/** What a slice of messages brings after a chain's position. */
export interface CheckedSlice {
  /** The entries that link on from the position, in chain order, in runs of one kind. */
  runs: LedgerEntry[][];
  /** The position after the last of them. */
  reached: ChainPosition;
  /** The first entry that does not link (nothing after it is taken). */
  broken?: ChainBreak;
}

/**
 * Checks every message of a slice against the one before it: redeliveries (seq at or below the
 * position) are skipped, the first gap, broken link or non-entry ends the slice. The entries
 * that pass are grouped into runs of consecutive entries of one kind, so that a handler applies
 * each run as one set while the order between kinds (an invoice before its void) is kept.
 */
export function checkSlice(
  start: ChainPosition,
  entries: Array<LedgerEntry | undefined>,
): CheckedSlice {
  const runs: LedgerEntry[][] = [];
  let position = start;
  for (const entry of entries) {
    if (!entry)
      return {
        runs,
        reached: position,
        broken: {
          chain: start.chain,
          seq: position.seq + 1,
          reason: 'hash-mismatch',
          detail: 'message is not a ledger entry',
        },
      };
    if (entry.seq <= position.seq) continue; // redelivered: already applied
    const broken = checkLink(position, entry);
    if (broken) return { runs, reached: position, broken };
    const run = runs.at(-1);
    if (run && run[0].kind === entry.kind) run.push(entry);
    else runs.push([entry]);
    position = advance(entry);
  }
  return { runs, reached: position };
}
