/**
 * The widths, in seconds, at which a seller's activity is also counted per bucket
 * (audit.seller_activity_counts), widest first. Any range of time is counted exactly from at
 * most a period's worth of hours, two hours' worth of minutes and two minutes' worth of seconds
 * of buckets, plus the single invoices of at most two part-seconds at its ends: however many
 * invoices the seller issues and however long the range, a count reads a bounded number of rows
 * (a 7-day baseline: at most 168 + 2 × 59 + 2 × 59 buckets per chain).
 */
export const ACTIVITY_SPANS_S = [3600, 60, 1] as const;

/** Whole buckets of one width: bucket numbers in [from, until), a bucket being ⌊epoch s ÷ span⌋. */
export interface BucketRange {
  span: number;
  from: number;
  until: number;
}

/** What a count of [from, until) (epoch ms) reads: whole buckets, and single invoices at the ends. */
export interface RangeSplit {
  buckets: BucketRange[];
  raw: Array<{ from: number; until: number }>;
}

/**
 * Splits [from, until) into the widest whole buckets it holds and, at each end, the rest, itself
 * split by the next width down; what is left under a second is counted invoice by invoice.
 */
export function splitRange(from: number, until: number, spans = ACTIVITY_SPANS_S): RangeSplit {
  const split: RangeSplit = { buckets: [], raw: [] };
  const add = (lo: number, hi: number, level: number): void => {
    if (lo >= hi) return;
    if (level === spans.length) {
      split.raw.push({ from: lo, until: hi });
      return;
    }
    const ms = spans[level] * 1000;
    const first = Math.ceil(lo / ms);
    const end = Math.floor(hi / ms);
    if (first >= end) return add(lo, hi, level + 1);
    split.buckets.push({ span: spans[level], from: first, until: end });
    add(lo, first * ms, level + 1);
    add(end * ms, hi, level + 1);
  };
  add(from, until, 0);
  return split;
}
