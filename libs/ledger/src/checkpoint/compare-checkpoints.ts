import { HASH_LENGTH, fromHex, isLowerHex } from '../crypto';
import { verifyConsistency } from '../merkle';
import type { SignedCheckpoint } from './checkpoint';

/** Outcome of {@link compareCheckpoints}. */
export type CheckpointComparison =
  | { ok: true }
  | { ok: false; reason: 'shrank' | 'fork-same-size' | 'inconsistent' | 'chain-mismatch' };

/**
 * Whether `newer` extends `older` of the same chain: an append-only log never shrinks, never has
 * two trees of one size, and a larger tree must prove it contains the smaller one. Signatures are
 * not checked here: run verifyCheckpoint on both first.
 */
export function compareCheckpoints(
  older: SignedCheckpoint,
  newer: SignedCheckpoint,
  consistencyProof?: Uint8Array[],
): CheckpointComparison {
  if (older.chain !== newer.chain) return { ok: false, reason: 'chain-mismatch' };
  if (newer.size < older.size) return { ok: false, reason: 'shrank' };
  if (newer.size === older.size) {
    // One tree has one root and one head; a second of either is a second history.
    const same = newer.root === older.root && newer.headHash === older.headHash;
    return same ? { ok: true } : { ok: false, reason: 'fork-same-size' };
  }
  const consistent =
    consistencyProof !== undefined &&
    isLowerHex(older.root, HASH_LENGTH) &&
    isLowerHex(newer.root, HASH_LENGTH) &&
    verifyConsistency(
      older.size,
      newer.size,
      fromHex(older.root),
      fromHex(newer.root),
      consistencyProof,
    );
  return consistent ? { ok: true } : { ok: false, reason: 'inconsistent' };
}
