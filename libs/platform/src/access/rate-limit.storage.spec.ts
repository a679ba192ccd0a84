import { ThrottlerStorageService } from '@nestjs/throttler';
import fc from 'fast-check';
import { RateLimitStorage, type ThrottlerStorageRecord } from './rate-limit.storage';

const START = Date.parse('2026-12-08T00:00:00.000Z');

/**
 * What RateLimitGuard reads of an answer: the total (X-RateLimit-Remaining), the window
 * (X-RateLimit-Reset), whether to refuse, and when refused the Retry-After. The time to the
 * block's end of an answer that does not refuse is left out: the guard never reads it, and it
 * depends on when an idle key was last swept, which the two storages do on clocks of their own.
 */
function asTheGuardReadsIt(record: ThrottlerStorageRecord) {
  const { totalHits, timeToExpire, isBlocked, timeToBlockExpire } = record;
  return { totalHits, timeToExpire, isBlocked, retryAfter: isBlocked ? timeToBlockExpire : null };
}

/** One value in eight; null otherwise. */
function rarely<T>(value: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.oneof({ arbitrary: fc.constant(null), weight: 7 }, { arbitrary: value, weight: 1 });
}

const throttler = fc.record({
  name: fc.constantFrom('default', 'sustained', 'public-check'),
  ttl: fc.oneof(fc.constantFrom(1_000, 10_000, 60_000), fc.integer({ min: 1, max: 5_000 })),
  limit: fc.integer({ min: 1, max: 6 }),
  // Unset in our options, the guard passes the ttl as the block duration.
  block: fc.constantFrom('ttl', 'own'),
  ownBlock: fc.integer({ min: 1, max: 20_000 }),
});

const hit = fc.record({
  waitMs: fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 30 }), weight: 6 },
    { arbitrary: fc.integer({ min: 0, max: 2_500 }), weight: 3 },
    { arbitrary: fc.integer({ min: 0, max: 90_000 }), weight: 1 },
    // Landing exactly on a window's or a block's end, where `<` and `<=` part.
    { arbitrary: fc.constantFrom(1, 999, 1_000, 1_001, 10_000, 60_000), weight: 2 },
  ),
  throttler: fc.nat(),
  caller: fc.integer({ min: 0, max: 2 }),
  // A route's own ttl (@Throttle) on a key that otherwise has the throttler's.
  routeTtl: rarely(fc.integer({ min: 1, max: 12_000 })),
  // Instead of waitMs, to land on the key's window or block end, or 1 ms either side of it.
  landOn: rarely(
    fc.record({
      edge: fc.constantFrom('window', 'block'),
      offsetMs: fc.integer({ min: -1, max: 1 }),
    }),
  ),
});

describe(RateLimitStorage.name, () => {
  let library: ThrottlerStorageService;

  beforeEach(() => {
    jest.useFakeTimers({ now: START });
    library = new ThrottlerStorageService();
  });

  afterEach(() => {
    library.onApplicationShutdown();
    jest.useRealTimers();
  });

  it('answers every hit as the library storage does, for any sequence of hits and times', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(throttler, { minLength: 1, maxLength: 3, size: 'max' }),
        fc.boolean(),
        // 0 is the library's other path, without a block. A run keeps to one path: a key counted
        // on both (which RateLimitGuard never does: its keys hold the throttler's name) answers
        // by when it was last swept, and the two storages sweep on clocks of their own.
        fc.boolean(),
        fc.array(hit, { minLength: 1, maxLength: 300, size: 'max' }),
        async (throttlers, keyPerThrottler, blocking, hits) => {
          jest.setSystemTime(START);
          library.onApplicationShutdown();
          const ours = new RateLimitStorage();
          for (const h of hits) {
            const t = throttlers[h.throttler % throttlers.length];
            const key = keyPerThrottler ? `${t.name}:credential:${h.caller}` : `c${h.caller}`;
            const kept = library.storage.get(key);
            const edge =
              h.landOn && kept?.[h.landOn.edge === 'window' ? 'expiresAt' : 'blockExpiresAt'];
            const waitMs = edge ? edge + h.landOn!.offsetMs - Date.now() : h.waitMs;
            jest.advanceTimersByTime(Math.max(0, waitMs)); // runs the library's sweep when due
            const ttl = h.routeTtl ?? t.ttl;
            const block = !blocking ? 0 : t.block === 'ttl' ? ttl : t.ownBlock;
            const expected = await library.increment(key, ttl, t.limit, block, t.name);
            const actual = await ours.increment(key, ttl, t.limit, block, t.name);
            expect(asTheGuardReadsIt(actual)).toEqual(asTheGuardReadsIt(expected));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('answers a busy credential under the configured limits as the library does', async () => {
    const ours = new RateLimitStorage();
    const limits = [
      { name: 'default', ttl: 1_000, limit: 400 },
      { name: 'sustained', ttl: 10_000, limit: 2_000 },
    ];
    // 1,000 requests a second for 12 s: over the burst in each second, over the sustained rate
    // after 2 s, so both windows block, end their blocks and count afresh.
    for (let i = 0; i < 12_000; i++) {
      jest.advanceTimersByTime(1);
      for (const { name, ttl, limit } of limits) {
        const key = `${name}:credential:busy`;
        const expected = await library.increment(key, ttl, limit, ttl, name);
        const actual = await ours.increment(key, ttl, limit, ttl, name);
        expect(actual).toEqual(expected);
      }
    }
  });

  it('drops a key once its hits, window and block have all ended', async () => {
    const ours = new RateLimitStorage();
    await ours.increment('default:credential:a', 1_000, 1, 1_000, 'default');
    const blocked = await ours.increment('default:credential:b', 1_000, 1, 30_000, 'default');
    await ours.increment('default:credential:b', 1_000, 1, 30_000, 'default');
    expect(blocked.isBlocked).toBe(false);

    jest.advanceTimersByTime(1_000);
    ours.evictIdle();
    expect(ours.size).toBe(1); // b is blocked for 30 s

    jest.advanceTimersByTime(60_000); // the next hit sweeps: b's block has ended too
    await ours.increment('sustained:credential:c', 10_000, 10, 10_000, 'sustained');
    expect(ours.size).toBe(1);
  });
});
