import { bytesEqual } from '../crypto';
import { isNonNegativeSafeInteger } from '../crypto/guards';
import { emptyRoot, isTreeHash, nodeHash } from './merkle-tree';

// RFC 9162's iterative verifiers. Pure and synchronous, for the CLI and the browser. Shifts are
// done with arithmetic because tree sizes may pass 2^31, where JS bit operations wrap.

/** RFC 9162 §2.1.3.2: whether `proof` shows the leaf at `index` is in the tree of `size` with `root`. */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isNonNegativeSafeInteger(index) || !isNonNegativeSafeInteger(size) || index >= size) {
    return false;
  }
  if (!isTreeHash(leafHash) || !isTreeHash(root) || !proof.every(isTreeHash)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      r = nodeHash(r, p);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && bytesEqual(r, root);
}

/**
 * RFC 9162 §2.1.4.2: whether `proof` shows the tree of `newSize` extends the tree of `oldSize`.
 * Equal sizes need equal roots and an empty proof; size 0 needs the empty-tree root, which is
 * stricter than RFC 9162, where size 0 is undefined.
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isNonNegativeSafeInteger(oldSize) || !isNonNegativeSafeInteger(newSize)) return false;
  if (oldSize > newSize || !isTreeHash(oldRoot) || !isTreeHash(newRoot)) return false;
  if (!proof.every(isTreeHash)) return false;
  if (oldSize === 0) return proof.length === 0 && bytesEqual(oldRoot, emptyRoot());
  if (oldSize === newSize) return proof.length === 0 && bytesEqual(oldRoot, newRoot);
  if (proof.length === 0) return false;
  // When the old tree is a perfect subtree of the new one its root is the path's first node.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) [fn, sn] = [half(fn), half(sn)];
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      sr = nodeHash(sr, c);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && bytesEqual(fr, oldRoot) && bytesEqual(sr, newRoot);
}

function isOdd(n: number): boolean {
  return n % 2 === 1;
}

function half(n: number): number {
  return Math.floor(n / 2);
}

function isPowerOfTwo(n: number): boolean {
  let m = n;
  while (m > 1 && !isOdd(m)) m = half(m);
  return m === 1;
}
