import type { EachBatchPayload } from 'kafkajs';

/** How often a consumer heartbeats, between slices and during one. */
export const HEARTBEAT_INTERVAL_MS = 1_000;

/**
 * kafkajs heartbeats only when asked to, and a slice is one transaction: on a loaded database
 * it can outlast the session timeout, and the coordinator then throws the member out of the
 * group (its partitions move, the slice is redelivered, look-ups wait). So the heartbeat goes
 * on while the slice runs. A failed heartbeat (a rebalance) is left to the one after the slice,
 * which throws it to kafkajs once the slice has committed.
 */
export async function keepingMembership<T>(
  payload: EachBatchPayload,
  work: () => Promise<T>,
): Promise<T> {
  const timer = setInterval(() => {
    payload.heartbeat().catch(() => undefined);
  }, HEARTBEAT_INTERVAL_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
