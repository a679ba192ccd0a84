import { Injectable } from '@nestjs/common';
import type { ChainBreak } from '@taxchain/ledger';
import { TrailRepository, type RewrittenEntry } from './trail.repository';

/** Trail rows compared per chain per tail pass: a million-entry chain is swept in ~200 passes. */
export const SWEEP_SLICE = 10_000;

/**
 * The tail only verifies what is new; this re-reads sealed history a slice per pass, comparing
 * each row's hash with the one the feed saw, round and round. A superuser's rewrite of an old
 * row is thus named (exact seq) continuously, not only when an official runs a full verification.
 */
@Injectable()
export class TrailSweep {
  private readonly next = new Map<number, number>();

  constructor(private readonly trail: TrailRepository) {}

  async step(
    chain: number,
  ): Promise<{ found: ChainBreak; rewritten: RewrittenEntry[] } | undefined> {
    const from = this.next.get(chain) ?? 0;
    const { last, rewritten } = await this.trail.compareSlice(chain, from, SWEEP_SLICE);
    this.next.set(chain, last === undefined ? 0 : last + 1);
    const first = rewritten[0];
    if (!first) return undefined;
    const detail = first.storedHash
      ? `entry hash ${first.storedHash} is not the ${first.seenHash} the feed saw`
      : `row is gone; the feed saw entry hash ${first.seenHash}`;
    return { found: { chain, seq: first.seq, reason: 'hash-mismatch', detail }, rewritten };
  }
}
