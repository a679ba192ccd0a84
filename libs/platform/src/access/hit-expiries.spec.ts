import fc from 'fast-check';
import { HitExpiries } from './hit-expiries';

describe(HitExpiries.name, () => {
  it('keeps what a plain list filtered on every read keeps, in any order of adds and drops', () => {
    const step = fc.oneof(
      fc.record({ add: fc.integer({ min: 0, max: 5_000 }) }),
      fc.record({ drop: fc.integer({ min: 0, max: 5_000 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 1_000, size: 'max' }), (steps) => {
        const expiries = new HitExpiries();
        let model: number[] = [];
        for (const s of steps) {
          if ('add' in s) {
            expiries.add(s.add);
            model.push(s.add);
          } else {
            expiries.dropExpired(s.drop);
            model = model.filter((t) => t > s.drop);
          }
          expect(expiries.size).toBe(model.length);
          expect(expiries.soonest).toBe(model.length ? Math.min(...model) : undefined);
          expect(expiries.latest).toBe(model.length ? Math.max(...model) : undefined);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('stays exact across compaction of a long, moving window', () => {
    const expiries = new HitExpiries();
    for (let now = 0; now < 20_000; now++) {
      expiries.add(now + 1_500);
      expiries.dropExpired(now);
      expect(expiries.size).toBe(Math.min(now + 1, 1_500));
      expect(expiries.soonest).toBe(Math.max(now + 1, 1_500));
    }
  });

  it('inserts an expiry earlier than the latest in its place (a clock stepped back)', () => {
    const expiries = new HitExpiries();
    [1_000, 2_000, 3_000].forEach((t) => expiries.add(t));
    expiries.add(1_500);
    expiries.dropExpired(1_999);
    expect([expiries.size, expiries.soonest]).toEqual([2, 2_000]);
  });
});
