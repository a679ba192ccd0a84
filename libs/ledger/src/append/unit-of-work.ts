import type { EntityManager } from 'typeorm';
import type { EntryDraft, LedgerEntry } from '../ledger-entry';

/**
 * A state change and the ledger entries that record it, committed together. `run` executes
 * while the subject's chain is locked: it sees every committed entry of its subject, and no
 * other writer can append about that subject until it commits, so a decision taken from the
 * ledger inside `run` (is this invoice claimed? voided?) cannot be raced.
 * `run` may be called more than once (a batch retried after a deadlock), always
 * in a fresh transaction, so it must not have effects outside `tx`.
 */
export interface UnitOfWork<T> {
  /** Every entry of one unit of work is about this subject, so it lands on one chain. */
  subject: string;
  run(tx: EntityManager): Promise<{ value: T; entries: EntryDraft[] }>;
}

export type Committed<T> =
  | { replayed: false; value: T; entries: LedgerEntry[] }
  /** Every entry's identity was already recorded: nothing was written, the originals are returned. */
  | { replayed: true; entries: LedgerEntry[] };
