import { utf8ToBytes } from '@noble/hashes/utils.js';
import vectors from '../../test-vectors/rfc6962.json';
import { fromHex } from '../crypto';
import { type SubtreeHash, leafHash, memorySubtree, nodeHash } from './merkle-tree';

// Test support shared by the merkle specs.

/** The CT reference tree: leaf hashes of the 8 RFC 6962 vector leaves. */
export const referenceLeaves = vectors.leaves.map((data) => leafHash(fromHex(data)));

/** `count` distinct leaf hashes. */
export function leavesOf(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => leafHash(utf8ToBytes(`entry ${i}`)));
}

/** Whether [start, end) is a perfect range [k·2^j, (k+1)·2^j). */
export function isAlignedRange(start: number, end: number): boolean {
  const length = end - start;
  return length > 0 && Number.isInteger(Math.log2(length)) && start % length === 0;
}

/** A memorySubtree that fails the test on any request outside the documented aligned ranges. */
export function alignedOnlySubtree(leaves: Uint8Array[]): SubtreeHash {
  const subtree = memorySubtree(leaves);
  return async (start, end) => {
    if (!isAlignedRange(start, end)) throw new Error(`unaligned request [${start}, ${end})`);
    return subtree(start, end);
  };
}

/**
 * Subtree hashes of a huge tree whose leaves are all `leaf`, where a perfect subtree's hash
 * depends on its height only; it can answer aligned requests alone, so it also checks alignment.
 */
export function uniformSubtree(leaf: Uint8Array): SubtreeHash {
  const byHeight = [leaf];
  return async (start, end) => {
    if (!isAlignedRange(start, end)) throw new Error(`unaligned request [${start}, ${end})`);
    const height = Math.log2(end - start);
    while (byHeight.length <= height) {
      const below = byHeight[byHeight.length - 1];
      byHeight.push(nodeHash(below, below));
    }
    return byHeight[height];
  };
}

/** RFC 9162 §2.1.1 MTH, written as the RFC's recursion, as an independent reference. */
export function referenceRoot(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}
