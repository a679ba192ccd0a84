import { splitRange, type RangeSplit } from './activity-buckets';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Every millisecond the split covers, as [from, until) pieces, in order. */
function pieces(split: RangeSplit): Array<[number, number]> {
  return [
    ...split.buckets.map((b): [number, number] => [
      b.from * b.span * 1000,
      b.until * b.span * 1000,
    ]),
    ...split.raw.map((r): [number, number] => [r.from, r.until]),
  ].sort((a, b) => a[0] - b[0]);
}

describe(splitRange.name, () => {
  it('covers the range exactly once, with whole buckets where it can', () => {
    // A 7-day baseline ending 1 ms after a window start at an odd millisecond, and others.
    const start = Date.parse('2026-12-07T02:14:33.517Z');
    for (const [from, until] of [
      [start - 7 * DAY, start + 1],
      [start - 60_000 + 1, start + 1],
      [start, start + 999],
      [Date.parse('2026-12-07T00:00:00Z'), Date.parse('2026-12-07T05:00:00Z')],
    ]) {
      const covered = pieces(splitRange(from, until));
      expect(covered[0][0]).toBe(from);
      expect(covered.at(-1)![1]).toBe(until);
      for (let i = 1; i < covered.length; i++) expect(covered[i][0]).toBe(covered[i - 1][1]);
    }
  });

  it('reads a bounded number of buckets and at most two part-seconds, however long the range', () => {
    const start = Date.parse('2026-12-07T02:14:33.517Z');
    const split = splitRange(start - 7 * DAY, start + 1);
    const buckets = (span: number) =>
      split.buckets.filter((b) => b.span === span).reduce((n, b) => n + b.until - b.from, 0);
    expect(buckets(3600)).toBeLessThanOrEqual(168);
    expect(buckets(60)).toBeLessThanOrEqual(2 * 59);
    expect(buckets(1)).toBeLessThanOrEqual(2 * 59);
    expect(split.raw.length).toBeLessThanOrEqual(2);
    for (const r of split.raw) expect(r.until - r.from).toBeLessThan(1000);
  });

  it('counts whole seconds, minutes and hours as buckets, and nothing of an empty range', () => {
    const hour = Date.parse('2026-12-07T02:00:00Z');
    expect(splitRange(hour, hour + HOUR)).toEqual({
      buckets: [{ span: 3600, from: hour / HOUR, until: hour / HOUR + 1 }],
      raw: [],
    });
    expect(splitRange(hour + 500, hour + 2500)).toEqual({
      buckets: [{ span: 1, from: hour / 1000 + 1, until: hour / 1000 + 2 }],
      raw: [
        { from: hour + 500, until: hour + 1000 },
        { from: hour + 2000, until: hour + 2500 },
      ],
    });
    expect(splitRange(hour, hour)).toEqual({ buckets: [], raw: [] });
  });
});
