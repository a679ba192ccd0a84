import { IdleBackoff, WakeSignal } from './wake-signal';

describe(WakeSignal.name, () => {
  it('keeps a wake that comes during a round: the next sleep returns at once', async () => {
    const signal = new WakeSignal();
    signal.wake(); // a NOTIFY arriving while the loop was busy querying
    const started = performance.now();
    expect(await signal.sleep(10_000)).toBe(true);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('cuts a sleep short when woken, and a wake is used up once', async () => {
    const signal = new WakeSignal();
    setTimeout(() => signal.wake(), 20);
    expect(await signal.sleep(10_000)).toBe(true);
    expect(await signal.sleep(30)).toBe(false);
  });

  it('ends a sleep when its abort signal fires', async () => {
    const signal = new WakeSignal();
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 20);
    expect(await signal.sleep(10_000, abort.signal)).toBe(true);
  });
});

describe(IdleBackoff.name, () => {
  it('doubles the pause while idle, up to its ceiling, and starts over after work or a reset', () => {
    const backoff = new IdleBackoff(250, 1_000);
    expect([false, false, false, false].map((busy) => backoff.after(busy))).toEqual([
      250, 500, 1_000, 1_000,
    ]);
    expect(backoff.after(true)).toBe(250);
    expect(backoff.after(false)).toBe(250);
    expect(backoff.after(false)).toBe(500);
    backoff.reset();
    expect(backoff.after(false)).toBe(250);
  });
});
