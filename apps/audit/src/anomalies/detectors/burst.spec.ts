import { isBurst } from './burst';

const thresholds = { burstMinCount: 20, burstFactor: 5 };

describe(isBurst.name, () => {
  it('flags a new seller reaching the minimum count', () => {
    expect(isBurst(20, 0, 10_080, thresholds)).toBe(true);
    expect(isBurst(19, 0, 10_080, thresholds)).toBe(false);
  });

  it('measures an established seller against its own rate', () => {
    // 100 800 invoices over 10 080 one-minute windows: 10 a minute; 5 × 10 = 50 is normal
    expect(isBurst(50, 100_800, 10_080, thresholds)).toBe(false);
    expect(isBurst(51, 100_800, 10_080, thresholds)).toBe(true);
  });
});
