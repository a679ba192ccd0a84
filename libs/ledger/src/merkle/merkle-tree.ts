// From the module, not the index: a getter fewer per call (swc re-exports through getters).
import { HASH_LENGTH, HashDomain, sha256 } from '../crypto/hashes';
import { isNonNegativeSafeInteger } from '../crypto/guards';

// The RFC 6962 / RFC 9162 §2.1 Merkle tree over a chain's entry hashes. Leaves and interior
// nodes get different one-byte prefixes, so an interior node can never pass for a leaf.

/** Leaf hash SHA-256(0x00 || leafData); in the ledger, leafData is a 32-byte entry hash. */
export function leafHash(leafData: Uint8Array): Uint8Array {
  return sha256(prefixed(HashDomain.leaf, leafData));
}

/** Interior node hash SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(prefixed(HashDomain.node, left, right));
}

/**
 * `domain || first || second` in one allocation: about two hashes per entry a verifier reads
 * go through here, where a one-byte array and a generic concatenation cost as much as a hash.
 */
function prefixed(domain: number, first: Uint8Array, second?: Uint8Array): Uint8Array {
  if (!(first instanceof Uint8Array) || !(second === undefined || second instanceof Uint8Array))
    throw new TypeError('hash input must be a Uint8Array');
  const bytes = new Uint8Array(1 + first.length + (second?.length ?? 0));
  bytes[0] = domain;
  bytes.set(first, 1);
  if (second) bytes.set(second, 1 + first.length);
  return bytes;
}

/** Root of the empty tree, SHA-256 of the empty string (a fresh copy each call). */
export function emptyRoot(): Uint8Array {
  return sha256(new Uint8Array(0));
}

/** Root over leaf hashes (not entry hashes: apply {@link leafHash} first). */
export function merkleRoot(leafHashes: readonly Uint8Array[]): Uint8Array {
  leafHashes.forEach((leaf, i) => assertTreeHash(leaf, `leaf hash ${i}`));
  if (leafHashes.length === 0) return emptyRoot();
  // Pairing level by level and promoting an odd last node gives the same tree as RFC 6962's
  // split at the largest power of two, without recursion.
  let level = leafHashes;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i], level[i + 1]));
    if (level.length % 2 === 1) next.push(level[level.length - 1]);
    level = next;
  }
  return level[0];
}

/**
 * Supplied by storage: the Merkle tree hash of leaves [start, end). rootFrom, inclusionProof and
 * consistencyProof only ever ask for aligned perfect ranges [k·2^j, (k+1)·2^j) with end <= the
 * tree size (j = 0: one leaf hash), never a ragged right-hand remainder, which they assemble
 * themselves. Such a range never changes once its last leaf exists: storage may cache it forever.
 */
export type SubtreeHash = (start: number, end: number) => Promise<Uint8Array>;

/** Root of the first `size` leaves, from aligned subtree hashes. */
export async function rootFrom(size: number, subtree: SubtreeHash): Promise<Uint8Array> {
  assertIndex(size, 'size');
  return size === 0 ? emptyRoot() : rangeHash(0, size, subtree);
}

/** RFC 9162 §2.1.3.1 PATH(index, D[size]): sibling hashes from the leaf up to the root. */
export async function inclusionProof(
  index: number,
  size: number,
  subtree: SubtreeHash,
): Promise<Uint8Array[]> {
  assertIndex(size, 'size');
  if (!isNonNegativeSafeInteger(index) || index >= size) {
    throw new RangeError(`leaf index ${index} is not in a tree of size ${size}`);
  }
  const siblings: Range[] = [];
  let start = 0;
  let length = size;
  let m = index;
  while (length > 1) {
    const k = splitPoint(length);
    if (m < k) {
      siblings.push({ start: start + k, length: length - k });
      length = k;
    } else {
      siblings.push({ start, length: k });
      start += k;
      m -= k;
      length -= k;
    }
  }
  return resolve(siblings.reverse(), subtree);
}

/** RFC 9162 §2.1.4.1 PROOF(oldSize, D[newSize]); empty when oldSize is 0 or equals newSize. */
export async function consistencyProof(
  oldSize: number,
  newSize: number,
  subtree: SubtreeHash,
): Promise<Uint8Array[]> {
  assertIndex(newSize, 'newSize');
  if (!isNonNegativeSafeInteger(oldSize) || oldSize > newSize) {
    throw new RangeError(`oldSize ${oldSize} is not between 0 and newSize ${newSize}`);
  }
  if (oldSize === 0) return [];
  // SUBPROOF(m, D[start:start+length], wholeOldTree), unrolled from the top; the nodes come out
  // root side first, and RFC order is leaf side first.
  const nodes: Range[] = [];
  let start = 0;
  let length = newSize;
  let m = oldSize;
  let wholeOldTree = true;
  while (m !== length) {
    const k = splitPoint(length);
    if (m <= k) {
      nodes.push({ start: start + k, length: length - k });
      length = k;
    } else {
      nodes.push({ start, length: k });
      start += k;
      m -= k;
      length -= k;
      wholeOldTree = false;
    }
  }
  if (!wholeOldTree) nodes.push({ start, length });
  return resolve(nodes.reverse(), subtree);
}

/** A SubtreeHash over leaf hashes held in memory, for tests and small trees. */
export function memorySubtree(leafHashes: readonly Uint8Array[]): SubtreeHash {
  const leaves = [...leafHashes];
  leaves.forEach((leaf, i) => assertTreeHash(leaf, `leaf hash ${i}`));
  return async (start, end) => {
    if (!isNonNegativeSafeInteger(start) || !Number.isSafeInteger(end) || start >= end) {
      throw new RangeError(`[${start}, ${end}) is not a non-empty leaf range`);
    }
    if (end > leaves.length) throw new RangeError(`[${start}, ${end}) is past ${leaves.length}`);
    return merkleRoot(leaves.slice(start, end));
  };
}

/** Root of perfect subtrees given left to right, each larger than every one to its right. */
export function foldPeaks(peaks: readonly Uint8Array[]): Uint8Array {
  let root = peaks[peaks.length - 1];
  for (let i = peaks.length - 2; i >= 0; i--) root = nodeHash(peaks[i], root);
  return root;
}

/** Whether `value` has the length of a tree hash. */
export function isTreeHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_LENGTH;
}

/** Leaves [start, start + length) of one node of the tree. */
interface Range {
  start: number;
  length: number;
}

async function resolve(ranges: Range[], subtree: SubtreeHash): Promise<Uint8Array[]> {
  return Promise.all(ranges.map((range) => rangeHash(range.start, range.length, subtree)));
}

/**
 * MTH of a node's leaves [start, start + length), built from the perfect subtrees that make up
 * `length` (its set bits, largest first). Every node of the tree starts at a multiple of a power
 * of two at least as large as its leftmost piece, so each piece is an aligned range.
 */
async function rangeHash(start: number, length: number, subtree: SubtreeHash): Promise<Uint8Array> {
  const pieces: Range[] = [];
  let offset = start;
  for (let size = largestPowerOfTwoAtMost(length); offset < start + length; size /= 2) {
    if (offset + size <= start + length) {
      pieces.push({ start: offset, length: size });
      offset += size;
    }
  }
  const hashes = await Promise.all(pieces.map((p) => subtree(p.start, p.start + p.length)));
  hashes.forEach((hash, i) =>
    assertTreeHash(hash, `subtree [${pieces[i].start}, +${pieces[i].length})`),
  );
  return foldPeaks(hashes);
}

/** The k of RFC 9162: the largest power of two smaller than n (n >= 2). */
function splitPoint(n: number): number {
  return largestPowerOfTwoAtMost(n - 1);
}

// Arithmetic rather than bit operations: sizes may pass 2^31 (bitwise ops are 32-bit).
function largestPowerOfTwoAtMost(n: number): number {
  let power = 1;
  while (power * 2 <= n) power *= 2;
  return power;
}

function assertIndex(value: number, name: string): void {
  if (!isNonNegativeSafeInteger(value))
    throw new RangeError(`${name} must be a non-negative safe integer`);
}

function assertTreeHash(value: unknown, what: string): void {
  if (!isTreeHash(value)) throw new RangeError(`${what} must be ${HASH_LENGTH} bytes`);
}
