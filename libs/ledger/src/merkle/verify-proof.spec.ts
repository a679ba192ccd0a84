import fc from 'fast-check';
import vectors from '../../test-vectors/rfc6962.json';
import { fromHex } from '../crypto';
import { leavesOf, referenceLeaves, uniformSubtree } from './merkle.fixtures';
import {
  consistencyProof,
  emptyRoot,
  inclusionProof,
  leafHash,
  memorySubtree,
  merkleRoot,
  rootFrom,
} from './merkle-tree';
import { verifyConsistency, verifyInclusion } from './verify-proof';

const roots = vectors.roots.map(fromHex);
const someHash = fromHex('abacaba000000000000000000000000000000000000000000060061e00123456');

describe(verifyInclusion.name, () => {
  describe.each(vectors.inclusion.filter((v) => v.proof.length > 0))(
    'the reference proof for leaf $index of $size',
    ({ index, size, proof: hexProof }) => {
      const leaf = referenceLeaves[index];
      const proof = hexProof.map(fromHex);
      const root = roots[size - 1];

      it('verifies', () => {
        expect(verifyInclusion(leaf, index, size, proof, root)).toBe(true);
      });

      // The corruptions of Trillian's logverifier tests.
      it.each<[string, () => boolean]>([
        ['index - 1', () => verifyInclusion(leaf, index - 1, size, proof, root)],
        ['index + 1', () => verifyInclusion(leaf, index + 1, size, proof, root)],
        ['index ^ 2', () => verifyInclusion(leaf, index ^ 2, size, proof, root)],
        ['size * 2', () => verifyInclusion(leaf, index, size * 2, proof, root)],
        ['size / 2', () => verifyInclusion(leaf, index, Math.floor(size / 2), proof, root)],
        ['a wrong leaf', () => verifyInclusion(leafHash(someHash), index, size, proof, root)],
        ['the empty root', () => verifyInclusion(leaf, index, size, proof, emptyRoot())],
        ['a random root', () => verifyInclusion(leaf, index, size, proof, someHash)],
        [
          'trailing garbage',
          () => verifyInclusion(leaf, index, size, [...proof, new Uint8Array(0)], root),
        ],
        ['a trailing root', () => verifyInclusion(leaf, index, size, [...proof, root], root)],
        [
          'preceding garbage',
          () => verifyInclusion(leaf, index, size, [new Uint8Array(0), ...proof], root),
        ],
        ['a preceding root', () => verifyInclusion(leaf, index, size, [root, ...proof], root)],
        ['a removed node', () => verifyInclusion(leaf, index, size, proof.slice(0, -1), root)],
        [
          'an inserted node',
          () => verifyInclusion(leaf, index, size, [proof[0], someHash, ...proof.slice(1)], root),
        ],
        ...proof.map((_, i): [string, () => boolean] => [
          `bit 3 of node ${i} flipped`,
          () => verifyInclusion(leaf, index, size, withFlippedBit(proof, i, 3), root),
        ]),
      ])('fails with %s', (_, verify) => {
        expect(verify()).toBe(false);
      });
    },
  );

  it('verifies the single-leaf tree, whose root is the leaf, with an empty proof', () => {
    expect(verifyInclusion(roots[0], 0, 1, [], roots[0])).toBe(true);
    expect(verifyInclusion(roots[0], 0, 1, [], someHash)).toBe(false);
  });

  it.each([
    [0, 0],
    [1, 1],
    [2, 1],
    [-1, 4],
    [0.5, 4],
  ])('fails for index %d in size %d', (index, size) => {
    expect(verifyInclusion(someHash, index, size, [], someHash)).toBe(false);
  });

  it('verifies every leaf of random trees up to 300 and fails when anything is changed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 300 }), fc.nat(), async (size, seed) => {
        const leaves = leavesOf(size);
        const subtree = memorySubtree(leaves);
        const root = merkleRoot(leaves);
        for (let index = 0; index < size; index++) {
          const proof = await inclusionProof(index, size, subtree);
          expect(verifyInclusion(leaves[index], index, size, proof, root)).toBe(true);
          expect(verifyInclusion(leaves[(index + 1) % size], index, size, proof, root)).toBe(
            size === 1,
          );
          if (size > 1) {
            expect(verifyInclusion(leaves[index], (index + 1) % size, size, proof, root)).toBe(
              false,
            );
            const altered = withFlippedBit(proof, seed % proof.length, seed % 8);
            expect(verifyInclusion(leaves[index], index, size, altered, root)).toBe(false);
          }
        }
      }),
      { numRuns: 12 },
    );
  });

  it('handles trees beyond 2^32 leaves, where 32-bit bit operations would wrap', async () => {
    const subtree = uniformSubtree(leafHash(Uint8Array.of(7)));
    const size = 2 ** 33 + 5;
    const root = await rootFrom(size, subtree);
    for (const index of [0, 2 ** 31, 2 ** 32 + 1, size - 1]) {
      const proof = await inclusionProof(index, size, subtree);
      const leaf = await subtree(index, index + 1);
      expect(verifyInclusion(leaf, index, size, proof, root)).toBe(true);
      // In a tree of identical leaves, only the shape of the path can be wrong.
      expect(verifyInclusion(leaf, index, size * 2, proof, root)).toBe(false);
      expect(verifyInclusion(leafHash(leaf), index, size, proof, root)).toBe(false);
    }
  });
});

describe(verifyConsistency.name, () => {
  describe.each(vectors.consistency.filter((v) => v.proof.length > 0))(
    'the reference proof from $oldSize to $newSize',
    ({ oldSize, newSize, proof: hexProof }) => {
      const proof = hexProof.map(fromHex);
      const oldRoot = roots[oldSize - 1];
      const newRoot = roots[newSize - 1];

      it('verifies', () => {
        expect(verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof)).toBe(true);
      });

      it.each<[string, () => boolean]>([
        ['oldSize - 1', () => verifyConsistency(oldSize - 1, newSize, oldRoot, newRoot, proof)],
        ['oldSize + 1', () => verifyConsistency(oldSize + 1, newSize, oldRoot, newRoot, proof)],
        ['oldSize ^ 2', () => verifyConsistency(oldSize ^ 2, newSize, oldRoot, newRoot, proof)],
        ['newSize * 2', () => verifyConsistency(oldSize, newSize * 2, oldRoot, newRoot, proof)],
        [
          'newSize / 2',
          () => verifyConsistency(oldSize, Math.floor(newSize / 2), oldRoot, newRoot, proof),
        ],
        ['a wrong old root', () => verifyConsistency(oldSize, newSize, someHash, newRoot, proof)],
        ['a wrong new root', () => verifyConsistency(oldSize, newSize, oldRoot, someHash, proof)],
        ['swapped roots', () => verifyConsistency(oldSize, newSize, newRoot, oldRoot, proof)],
        ['an empty proof', () => verifyConsistency(oldSize, newSize, oldRoot, newRoot, [])],
        [
          'trailing garbage',
          () =>
            verifyConsistency(oldSize, newSize, oldRoot, newRoot, [...proof, new Uint8Array(0)]),
        ],
        [
          'a trailing old root',
          () => verifyConsistency(oldSize, newSize, oldRoot, newRoot, [...proof, oldRoot]),
        ],
        [
          'a trailing new root',
          () => verifyConsistency(oldSize, newSize, oldRoot, newRoot, [...proof, newRoot]),
        ],
        [
          'preceding garbage',
          () =>
            verifyConsistency(oldSize, newSize, oldRoot, newRoot, [new Uint8Array(0), ...proof]),
        ],
        [
          'a preceding old root',
          () => verifyConsistency(oldSize, newSize, oldRoot, newRoot, [oldRoot, ...proof]),
        ],
        [
          'a preceding new root',
          () => verifyConsistency(oldSize, newSize, oldRoot, newRoot, [newRoot, ...proof]),
        ],
        [
          'a repeated first node',
          () => verifyConsistency(oldSize, newSize, oldRoot, newRoot, [proof[0], ...proof]),
        ],
        [
          'a truncated proof',
          () => verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof.slice(0, -1)),
        ],
        ...proof.map((_, i): [string, () => boolean] => [
          `bit 4 of node ${i} flipped`,
          () => verifyConsistency(oldSize, newSize, oldRoot, newRoot, withFlippedBit(proof, i, 4)),
        ]),
      ])('fails with %s', (_, verify) => {
        expect(verify()).toBe(false);
      });
    },
  );

  it.each<[string, number, number, Uint8Array, Uint8Array, Uint8Array[], boolean]>([
    ['0 to 0 with the empty root', 0, 0, emptyRoot(), emptyRoot(), [], true],
    ['0 to n with the empty root', 0, 8, emptyRoot(), roots[7], [], true],
    ['0 to n with a non-empty old root', 0, 8, roots[0], roots[7], [], false],
    ['equal sizes and roots', 3, 3, roots[2], roots[2], [], true],
    ['equal sizes, different roots', 3, 3, roots[2], roots[3], [], false],
    ['equal sizes with a non-empty proof', 3, 3, roots[2], roots[2], [someHash], false],
    ['a shrinking tree', 2, 1, roots[1], roots[0], [], false],
    ['a growing tree with no proof', 1, 2, roots[0], roots[1], [], false],
  ])('%s: %s', (_, oldSize, newSize, oldRoot, newRoot, proof, expected) => {
    expect(verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof)).toBe(expected);
  });

  it('verifies every pair of random sizes m <= n up to 300 and fails when a node changes', async () => {
    const leaves = leavesOf(300);
    const subtree = memorySubtree(leaves);
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 300 })
          .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        fc.nat(),
        async ([m, n], seed) => {
          const proof = await consistencyProof(m, n, subtree);
          const [oldRoot, newRoot] = [
            merkleRoot(leaves.slice(0, m)),
            merkleRoot(leaves.slice(0, n)),
          ];
          expect(verifyConsistency(m, n, oldRoot, newRoot, proof)).toBe(true);
          if (proof.length > 0) {
            const altered = withFlippedBit(proof, seed % proof.length, seed % 8);
            expect(verifyConsistency(m, n, oldRoot, newRoot, altered)).toBe(false);
          }
          if (m > 0 && m < n) {
            expect(
              verifyConsistency(m, n, merkleRoot(leaves.slice(1, m + 1)), newRoot, proof),
            ).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('handles trees beyond 2^32 leaves', async () => {
    const subtree = uniformSubtree(leafHash(Uint8Array.of(7)));
    const [m, n] = [2 ** 32 + 3, 2 ** 33 + 5];
    const proof = await consistencyProof(m, n, subtree);
    const [oldRoot, newRoot] = [await rootFrom(m, subtree), await rootFrom(n, subtree)];
    expect(verifyConsistency(m, n, oldRoot, newRoot, proof)).toBe(true);
    expect(verifyConsistency(m + 1, n, oldRoot, newRoot, proof)).toBe(false);
  });
});

function withFlippedBit(proof: Uint8Array[], node: number, bit: number): Uint8Array[] {
  return proof.map((hash, i) => {
    if (i !== node) return hash;
    const copy = Uint8Array.from(hash);
    copy[0] ^= 1 << bit;
    return copy;
  });
}
