import { isLowerHex, fromHex, HASH_LENGTH, toHex } from '../crypto';
import { isNonNegativeSafeInteger } from '../crypto/guards';
import { emptyRoot, foldPeaks, isTreeHash, nodeHash } from './merkle-tree';

/** Stored form of a {@link MerkleFrontier}. */
export interface MerkleFrontierJson {
  size: number;
  /** Hex roots of the perfect subtrees, largest (leftmost) first. */
  peaks: string[];
}

/**
 * The right edge of a Merkle tree: the roots of the perfect subtrees its leaves split into (one
 * per set bit of the size). A checkpointer stores it with each checkpoint and extends it with new
 * leaves, never rereading old ones: O(log n) memory, amortised O(1) hashes per leaf.
 */
export class MerkleFrontier {
  private constructor(
    private leafCount: number,
    private readonly peaks: Uint8Array[],
  ) {}

  /** The frontier of the empty tree. */
  static empty(): MerkleFrontier {
    return new MerkleFrontier(0, []);
  }

  /** Restores a frontier from {@link MerkleFrontier.toJSON} output; throws on anything else. */
  static fromJSON(json: unknown): MerkleFrontier {
    const { size, peaks } = (json ?? {}) as Partial<Record<keyof MerkleFrontierJson, unknown>>;
    if (!isNonNegativeSafeInteger(size))
      throw new RangeError('frontier size must be a safe integer');
    const valid =
      Array.isArray(peaks) &&
      peaks.length === peakSizes(size).length &&
      peaks.every((peak) => isLowerHex(peak, HASH_LENGTH));
    if (!valid) throw new RangeError(`frontier of size ${size} needs one hex hash per set bit`);
    return new MerkleFrontier(
      size,
      peaks.map((peak: string) => fromHex(peak)),
    );
  }

  /** Number of leaves appended so far. */
  get size(): number {
    return this.leafCount;
  }

  /** Adds the next leaf hash (the output of leafHash, not an entry hash). */
  append(leafHash: Uint8Array): void {
    if (!isTreeHash(leafHash)) throw new RangeError(`leaf hash must be ${HASH_LENGTH} bytes`);
    this.peaks.push(leafHash);
    // Each trailing 1 bit of the old size is a perfect subtree the new leaf now completes.
    for (let n = this.leafCount; n % 2 === 1; n = Math.floor(n / 2)) {
      const right = this.peaks.pop() as Uint8Array;
      const left = this.peaks.pop() as Uint8Array;
      this.peaks.push(nodeHash(left, right));
    }
    this.leafCount += 1;
  }

  /** The tree's root, equal to merkleRoot over the same leaves. */
  root(): Uint8Array {
    return this.peaks.length === 0 ? emptyRoot() : foldPeaks(this.peaks);
  }

  /** JSON-safe form for storage beside a checkpoint. */
  toJSON(): MerkleFrontierJson {
    return { size: this.leafCount, peaks: this.peaks.map(toHex) };
  }
}

function peakSizes(size: number): number[] {
  const sizes: number[] = [];
  for (let power = 1, rest = size; rest > 0; power *= 2, rest = Math.floor(rest / 2)) {
    if (rest % 2 === 1) sizes.unshift(power);
  }
  return sizes;
}
