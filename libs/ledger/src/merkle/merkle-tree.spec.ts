import fc from 'fast-check';
import vectors from '../../test-vectors/rfc6962.json';
import { toHex } from '../crypto';
import { alignedOnlySubtree, leavesOf, referenceLeaves, referenceRoot } from './merkle.fixtures';
import {
  consistencyProof,
  emptyRoot,
  inclusionProof,
  leafHash,
  memorySubtree,
  merkleRoot,
  nodeHash,
  rootFrom,
} from './merkle-tree';

const subtree = alignedOnlySubtree(referenceLeaves);

describe(leafHash.name, () => {
  it('prefixes 0x00: the empty leaf hashes to the reference root of size 1', () => {
    expect(toHex(leafHash(new Uint8Array(0)))).toBe(vectors.roots[0]);
  });

  it('differs from nodeHash over the same bytes (domain separation)', () => {
    const half = new Uint8Array(32);
    expect(leafHash(new Uint8Array(64))).not.toEqual(nodeHash(half, half));
  });
});

describe(merkleRoot.name, () => {
  it('of the empty tree is SHA-256 of the empty string', () => {
    expect(toHex(merkleRoot([]))).toBe(vectors.emptyRoot);
    expect(toHex(emptyRoot())).toBe(vectors.emptyRoot);
  });

  it.each(vectors.roots.map((root, i) => [i + 1, root]))(
    'matches the RFC 6962 reference root for size %i',
    (size, root) => {
      expect(toHex(merkleRoot(referenceLeaves.slice(0, size)))).toBe(root);
    },
  );

  it('equals the RFC recursion for every size up to 130', () => {
    const leaves = leavesOf(130);
    for (let size = 1; size <= leaves.length; size++) {
      expect(merkleRoot(leaves.slice(0, size))).toEqual(referenceRoot(leaves.slice(0, size)));
    }
  });

  it('refuses a leaf hash that is not 32 bytes', () => {
    expect(() => merkleRoot([new Uint8Array(31)])).toThrow(RangeError);
  });
});

describe(rootFrom.name, () => {
  it.each(vectors.roots.map((root, i) => [i + 1, root]))(
    'matches the reference root for size %i from aligned subtrees',
    async (size, root) => {
      expect(toHex(await rootFrom(size, subtree))).toBe(root);
    },
  );

  it('of size 0 is the empty root', async () => {
    expect(toHex(await rootFrom(0, subtree))).toBe(vectors.emptyRoot);
  });
});

describe(inclusionProof.name, () => {
  it.each(vectors.inclusion)(
    'matches the reference proof for leaf $index of $size',
    async ({ index, size, proof }) => {
      expect((await inclusionProof(index, size, subtree)).map(toHex)).toEqual(proof);
    },
  );

  it('asks only for aligned power-of-two ranges, for every leaf of every size up to 300', async () => {
    const leaves = leavesOf(300);
    const aligned = alignedOnlySubtree(leaves);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 300 }), async (size) => {
        for (let index = 0; index < size; index++) await inclusionProof(index, size, aligned);
        await rootFrom(size, aligned);
      }),
      { numRuns: 8 },
    );
  });

  it.each([
    [0, 0],
    [3, 3],
    [-1, 4],
    [1.5, 4],
  ])('refuses leaf %d of a tree of size %d', async (index, size) => {
    await expect(inclusionProof(index, size, subtree)).rejects.toThrow(RangeError);
  });
});

describe(consistencyProof.name, () => {
  it.each(vectors.consistency)(
    'matches the reference proof from $oldSize to $newSize',
    async ({ oldSize, newSize, proof }) => {
      expect((await consistencyProof(oldSize, newSize, subtree)).map(toHex)).toEqual(proof);
    },
  );

  it('is empty from size 0 and between equal sizes', async () => {
    expect(await consistencyProof(0, 8, subtree)).toEqual([]);
    expect(await consistencyProof(5, 5, subtree)).toEqual([]);
  });

  it('asks only for aligned power-of-two ranges, for every old size up to each new size', async () => {
    const leaves = leavesOf(300);
    const aligned = alignedOnlySubtree(leaves);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 300 }), async (newSize) => {
        for (let oldSize = 0; oldSize <= newSize; oldSize++) {
          await consistencyProof(oldSize, newSize, aligned);
        }
      }),
      { numRuns: 8 },
    );
  });

  it('refuses an old size larger than the new one', async () => {
    await expect(consistencyProof(5, 4, subtree)).rejects.toThrow(RangeError);
  });
});

describe(memorySubtree.name, () => {
  it('refuses empty, reversed and out-of-range requests', async () => {
    const memory = memorySubtree(referenceLeaves);
    await expect(memory(2, 2)).rejects.toThrow(RangeError);
    await expect(memory(3, 2)).rejects.toThrow(RangeError);
    await expect(memory(4, 9)).rejects.toThrow(RangeError);
    await expect(memory(-1, 1)).rejects.toThrow(RangeError);
  });
});
