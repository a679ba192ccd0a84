import type { EachBatchPayload } from 'kafkajs';

/**
 * While entries flow, a feed fetches at most this often. kafkajs fetches again as soon as a
 * batch is handled, and the broker answers as soon as one message is there (minBytes 1), so a
 * steady trickle came a few entries a fetch: each fetch a request, a response to decode and a
 * batch per partition, each batch a statement in the consumer and a backend round trip. Holding
 * the next fetch back gathers what arrives meanwhile into the same batches. An idle feed is not
 * paced (it long-polls: the broker answers when an entry comes, which is fetched at once), nor
 * one whose batches take longer than this to apply (catching up). The broker's own wait
 * (minBytes with a short maxWaitTimeInMs) would gather as well, but an idle consumer would then
 * fetch, empty, every maxWaitTimeInMs.
 */
export const FETCH_PACING_MS = 50;

/** Holds the batch's end until FETCH_PACING_MS after it started, unless the consumer is stopping or rebalancing. */
export async function pacedFrom(payload: EachBatchPayload, startedAt: number): Promise<void> {
  const rest = FETCH_PACING_MS - (performance.now() - startedAt);
  if (rest <= 0 || !payload.isRunning() || payload.isStale()) return;
  await new Promise((done) => setTimeout(done, rest));
}
