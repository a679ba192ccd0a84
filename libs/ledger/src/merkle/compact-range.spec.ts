import { toHex } from '../crypto';
import { MerkleFrontier } from './compact-range';
import { leavesOf } from './merkle.fixtures';
import { emptyRoot, merkleRoot } from './merkle-tree';

const leaves = leavesOf(300);

describe(MerkleFrontier.name, () => {
  it('starts empty, with the empty-tree root', () => {
    const frontier = MerkleFrontier.empty();
    expect(frontier.size).toBe(0);
    expect(frontier.root()).toEqual(emptyRoot());
  });

  it('has the root merkleRoot computes, at every size up to 300', () => {
    const frontier = MerkleFrontier.empty();
    leaves.forEach((leaf, i) => {
      frontier.append(leaf);
      expect(frontier.size).toBe(i + 1);
      expect(frontier.root()).toEqual(merkleRoot(leaves.slice(0, i + 1)));
    });
  });

  it('keeps one peak per set bit of the size', () => {
    const frontier = MerkleFrontier.empty();
    leaves.slice(0, 13).forEach((leaf) => frontier.append(leaf));
    expect(frontier.toJSON().peaks).toHaveLength(3); // 13 = 8 + 4 + 1
  });

  it('survives a JSON round trip at any size and keeps extending correctly', () => {
    for (let size = 0; size <= 40; size++) {
      const frontier = MerkleFrontier.empty();
      leaves.slice(0, size).forEach((leaf) => frontier.append(leaf));
      const restored = MerkleFrontier.fromJSON(JSON.parse(JSON.stringify(frontier)));
      expect(restored.size).toBe(size);
      expect(toHex(restored.root())).toBe(toHex(frontier.root()));
      leaves.slice(size, size + 9).forEach((leaf) => restored.append(leaf));
      expect(restored.root()).toEqual(merkleRoot(leaves.slice(0, size + 9)));
    }
  });

  it.each([
    ['null', null],
    ['a negative size', { size: -1, peaks: [] }],
    ['too few peaks', { size: 3, peaks: ['00'.repeat(32)] }],
    ['too many peaks', { size: 4, peaks: ['00'.repeat(32), '00'.repeat(32)] }],
    ['uppercase hex', { size: 1, peaks: ['AB'.repeat(32)] }],
    ['a short hash', { size: 1, peaks: ['ab'.repeat(31)] }],
  ])('refuses %s in fromJSON', (_, json) => {
    expect(() => MerkleFrontier.fromJSON(json)).toThrow(RangeError);
  });

  it('refuses a leaf hash that is not 32 bytes', () => {
    expect(() => MerkleFrontier.empty().append(new Uint8Array(33))).toThrow(RangeError);
  });
});
