/** The retry settings of a failing endpoint. */
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  disableAfterMs: number;
}

/** Wait before attempt n+1 after n consecutive failures: doubling from the base, ±20 % jitter. */
export function retryDelayMs(failures: number, policy: RetryPolicy, random = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}

/** Whether an endpoint failing since `since` has failed long enough to be disabled. */
export function shouldDisable(since: Date | null, now: Date, policy: RetryPolicy): boolean {
  return since !== null && now.getTime() - since.getTime() >= policy.disableAfterMs;
}
