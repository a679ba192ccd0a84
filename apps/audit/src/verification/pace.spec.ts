import { Pace } from './pace';

describe(Pace.name, () => {
  let clock = 0;
  const pace = () => new Pace(500, () => clock);
  beforeEach(() => (clock = 1_000));

  it('spreads items at the rate, counting the time the work itself took', () => {
    const p = pace();
    // 100 items at 500/s are due 200 ms after the start; the work took 50 ms of it.
    clock += 50;
    expect(p.delayAfter(100)).toBe(150);
    // The next 100 are due at 400 ms: the caller slept until 200, then worked 100 ms.
    clock = 1_300;
    expect(p.delayAfter(100)).toBe(100);
  });

  it('does not wait when the work is slower than the rate', () => {
    const p = pace();
    clock += 500; // 100 items took 500 ms, their share is 200 ms
    expect(p.delayAfter(100)).toBe(0);
  });

  it('makes up no lost time with a burst afterwards', () => {
    const p = pace();
    clock += 10_000; // stalled for 10 s
    expect(p.delayAfter(100)).toBe(0);
    // Behind by at most one batch: the next 100 items again take their full 200 ms.
    expect(p.delayAfter(100)).toBe(200);
  });
});
