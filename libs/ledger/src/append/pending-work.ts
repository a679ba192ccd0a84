import type { Committed, UnitOfWork } from './unit-of-work';

/** A unit of work waiting in a chain's queue, with the promise its caller awaits. */
export interface PendingWork {
  unit: UnitOfWork<unknown, unknown>;
  resolve(result: Committed<unknown>): void;
  reject(error: unknown): void;
}
