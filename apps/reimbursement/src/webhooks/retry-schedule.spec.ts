import { retryDelayMs, shouldDisable, type RetryPolicy } from './retry-schedule';

describe(retryDelayMs.name, () => {
  const policy: RetryPolicy = { baseMs: 5_000, maxMs: 3_600_000, disableAfterMs: 86_400_000 };

  it('doubles from the base up to the cap, within ±20 % jitter', () => {
    const low = () => 0;
    const high = () => 1;
    expect(retryDelayMs(1, policy, low)).toBe(4_000); // 5 s × 0.8
    expect(retryDelayMs(1, policy, high)).toBe(6_000); // 5 s × 1.2
    expect(retryDelayMs(4, policy, () => 0.5)).toBe(40_000); // 5 s × 2³
    expect(retryDelayMs(30, policy, () => 0.5)).toBe(3_600_000); // capped at 1 h
  });

  it('keeps retrying for a day before disabling: 24 h of doubling waits is ~30 attempts', () => {
    let elapsed = 0;
    let failures = 0;
    while (!shouldDisable(new Date(0), new Date(elapsed), policy)) {
      failures += 1;
      elapsed += retryDelayMs(failures, policy, () => 0.5);
    }
    expect(elapsed).toBeGreaterThanOrEqual(86_400_000);
    expect(failures).toBeGreaterThan(20);
  });
});
