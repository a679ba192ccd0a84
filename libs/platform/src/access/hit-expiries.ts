// Below this many dropped slots the array is left as is: copying would cost more than it saves.
const COMPACT_AFTER = 1_024;

/**
 * The expiry times of one counter's hits, kept in ascending order behind a head index, so that
 * dropping the expired ones, counting the rest and reading the soonest cost O(1) amortised per
 * hit instead of a pass over the window. With one ttl per counter and a clock that moves forward
 * every new expiry is the latest and is appended; one that is not (a route with its own ttl, the
 * system clock stepped back) is inserted in its place, so the answers stay exact.
 */
export class HitExpiries {
  private times: number[] = [];
  private head = 0;

  get size(): number {
    return this.times.length - this.head;
  }

  /** The soonest expiry still kept, or undefined when none is. */
  get soonest(): number | undefined {
    return this.size > 0 ? this.times[this.head] : undefined;
  }

  /** The latest expiry still kept, or undefined when none is. */
  get latest(): number | undefined {
    return this.size > 0 ? this.times[this.times.length - 1] : undefined;
  }

  /** Drops every hit that has expired by `now` (one expiring exactly at `now` included). */
  dropExpired(now: number): void {
    const times = this.times;
    let head = this.head;
    while (head < times.length && times[head] <= now) head++;
    if (head === times.length) {
      this.clear();
      return;
    }
    this.head = head;
    if (head >= COMPACT_AFTER && head * 2 >= times.length) {
      times.copyWithin(0, head);
      times.length -= head;
      this.head = 0;
    }
  }

  add(expiresAt: number): void {
    const times = this.times;
    if (this.size === 0 || expiresAt >= times[times.length - 1]) {
      times.push(expiresAt);
      return;
    }
    let low = this.head;
    let high = times.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (times[middle] <= expiresAt) low = middle + 1;
      else high = middle;
    }
    times.splice(low, 0, expiresAt);
  }

  clear(): void {
    this.times.length = 0;
    this.head = 0;
  }
}
