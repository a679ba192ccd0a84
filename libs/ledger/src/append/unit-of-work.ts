import type { EntityManager } from 'typeorm';
import type { EntryDraft, LedgerEntry } from '../ledger-entry';

/**
 * A statement the units of one transaction share: run once for all of them, with their inputs in
 * batch order, it returns one answer per input in that order (one round trip, not one each).
 */
export interface SharedStep<I, A> {
  run(tx: EntityManager, inputs: readonly I[]): Promise<A[]>;
}

/** A unit's part in a shared step: the step and this unit's input (built by `shareIn`). */
export interface Shared<A> {
  step: SharedStep<unknown, A>;
  input: unknown;
}

export function shareIn<I, A>(step: SharedStep<I, A>, input: I): Shared<A> {
  return { step, input };
}

/**
 * A state change and the ledger entries that record it, committed together. `run` executes
 * while the subject's chain is locked: it sees every committed entry of its subject, and no
 * other writer can append about that subject until it commits, so a decision taken from the
 * ledger inside `run` (is this invoice claimed? voided?) cannot be raced.
 * `run` may be called more than once (a batch retried after a deadlock), always
 * in a fresh transaction, so it must not have effects outside `tx`.
 * A unit that names a `shared` step gets its answer as `run`'s second argument: the step runs
 * in the same transaction, after the chain head is locked and before any unit of the batch runs.
 */
export interface UnitOfWork<T, A = undefined> {
  /** Every entry of one unit of work is about this subject, so it lands on one chain. */
  subject: string;
  shared?: Shared<A>;
  run(tx: EntityManager, shared: A): Promise<{ value: T; entries: EntryDraft[] }>;
}

export type Committed<T> =
  | { replayed: false; value: T; entries: LedgerEntry[] }
  /** Every entry's identity was already recorded: nothing was written, the originals are returned. */
  | { replayed: true; entries: LedgerEntry[] };
