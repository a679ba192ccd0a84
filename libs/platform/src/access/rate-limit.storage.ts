import type { ThrottlerStorage } from '@nestjs/throttler';
import { HitExpiries } from './hit-expiries';

/** One answer of a throttler storage (the library's ThrottlerStorageRecord, not exported). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

// How often idle keys are dropped, as the library's own storage does (DEFAULT_SWEEP_INTERVAL).
const SWEEP_INTERVAL_MS = 60_000;

interface KeyState {
  /** End of the key's fixed window, reported as X-RateLimit-Reset. */
  expiresAt: number;
  isBlocked: boolean;
  blockExpiresAt: number;
  hits: Map<string, HitExpiries>;
}

/**
 * The throttler's counters in this instance's memory, answering as @nestjs/throttler 6.7's own
 * ThrottlerStorageService does (same totals, windows, blocks and seconds, hence the same
 * X-RateLimit-* and Retry-After headers and 429s), but in O(1) amortised per request: the
 * library filters and copies every hit of the window on each request, 15,000 of them for one
 * credential at 1,500/s over the 10 s window. Keys whose hits, window and block have all expired
 * are dropped once a minute, so memory follows the callers of the last window.
 */
export class RateLimitStorage implements ThrottlerStorage {
  private readonly keys = new Map<string, KeyState>();
  private nextSweepAt = 0;

  /** How many keys are kept. */
  get size(): number {
    return this.keys.size;
  }

  // Promise-returning as the interface asks; nothing in it waits.
  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    this.sweepWhenDue(now);
    const state = this.stateOf(key, ttl, now);
    const hits = hitsOf(state, throttlerName);
    hits.dropExpired(now);
    if (state.expiresAt <= now) state.expiresAt = now + ttl;
    const timeToExpire = seconds(state.expiresAt - now);
    return Promise.resolve(
      blockDuration > 0
        ? countBlocking(state, hits, { ttl, limit, blockDuration, now, timeToExpire })
        : countWithoutBlock(hits, { ttl, limit, now, timeToExpire }),
    );
  }

  /** Drops every key with no live hit, an ended window and no block in force. */
  evictIdle(now = Date.now()): void {
    for (const [key, state] of this.keys) {
      if (state.isBlocked && state.blockExpiresAt > now) continue;
      if (state.expiresAt > now) continue;
      if (!hasLiveHits(state, now)) this.keys.delete(key);
    }
  }

  // Inside increment rather than on a timer: the storage is an option value, not a provider, so
  // it has no shutdown hook to clear a timer with, and an idle instance holds nothing new.
  private sweepWhenDue(now: number): void {
    if (now < this.nextSweepAt && now > this.nextSweepAt - 2 * SWEEP_INTERVAL_MS) return;
    this.evictIdle(now);
    this.nextSweepAt = now + SWEEP_INTERVAL_MS;
  }

  private stateOf(key: string, ttl: number, now: number): KeyState {
    let state = this.keys.get(key);
    if (!state) {
      state = { expiresAt: now + ttl, isBlocked: false, blockExpiresAt: 0, hits: new Map() };
      this.keys.set(key, state);
    }
    return state;
  }
}

interface Hit {
  ttl: number;
  limit: number;
  now: number;
  timeToExpire: number;
}

/**
 * With a block duration (the guard's default: the ttl): the hit over the limit is counted and
 * starts the block; while blocked no hit is counted; the first request after the block ends
 * starts the count afresh with itself.
 */
function countBlocking(
  state: KeyState,
  hits: HitExpiries,
  { ttl, limit, blockDuration, now, timeToExpire }: Hit & { blockDuration: number },
): ThrottlerStorageRecord {
  if (!state.isBlocked) hits.add(now + ttl);
  if (hits.size > limit && !state.isBlocked) {
    state.isBlocked = true;
    state.blockExpiresAt = now + blockDuration;
  }
  const timeToBlockExpire = seconds(state.blockExpiresAt - now);
  if (timeToBlockExpire <= 0 && state.isBlocked) {
    state.isBlocked = false;
    hits.clear();
    hits.add(now + ttl);
  }
  return { totalHits: hits.size, timeToExpire, isBlocked: state.isBlocked, timeToBlockExpire };
}

/** Without one: a request at the limit is refused until the soonest hit expires. */
function countWithoutBlock(
  hits: HitExpiries,
  { ttl, limit, now, timeToExpire }: Hit,
): ThrottlerStorageRecord {
  const isBlocked = hits.size >= limit;
  if (!isBlocked) hits.add(now + ttl);
  const soonest = hits.soonest;
  const timeToBlockExpire = soonest === undefined ? timeToExpire : seconds(soonest - now);
  return {
    totalHits: hits.size + (isBlocked ? 1 : 0),
    timeToExpire,
    isBlocked,
    timeToBlockExpire: isBlocked ? timeToBlockExpire : 0,
  };
}

function hasLiveHits(state: KeyState, now: number): boolean {
  for (const hits of state.hits.values()) if ((hits.latest ?? now) > now) return true;
  return false;
}

function hitsOf(state: KeyState, throttlerName: string): HitExpiries {
  let hits = state.hits.get(throttlerName);
  if (!hits) {
    hits = new HitExpiries();
    state.hits.set(throttlerName, hits);
  }
  return hits;
}

/** Whole seconds, rounded up, as the headers carry them. */
function seconds(milliseconds: number): number {
  return Math.ceil(milliseconds / 1000);
}
