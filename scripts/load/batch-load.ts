import type { IssueLoadOptions, IssueOutcome, IssueRequest } from './issue-load';

/**
 * Posts the requests as `POST /invoices/batch` of `batchSize` invoices each (one merchant's per
 * batch), at most `concurrency` batches in flight, until `stopAt`; resolves with one outcome per
 * invoice sent, each with its item's status and its batch's latency. Sent once, like
 * `sendIssueLoad` without `retryUntil`.
 */
export async function sendBatchLoad(
  requests: IssueRequest[],
  options: IssueLoadOptions & { batchSize: number },
): Promise<IssueOutcome[]> {
  const batches = batchesOf(requests, options.batchSize);
  const outcomes: IssueOutcome[][] = [];
  let next = 0;
  let done = 0;
  const take = () => (options.stopAt && Date.now() >= options.stopAt ? batches.length : next++);
  const worker = async (lane: number) => {
    for (let i = take(); i < batches.length; i = take()) {
      outcomes[i] = await postBatch(batches[i], options.urls[(lane + i) % options.urls.length]);
      for (const outcome of outcomes[i]) options.onAnswer?.(outcome, (done += 1));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, lane) => worker(lane)));
  return outcomes.slice(0, next).flat();
}

/** Each merchant's requests in batches, the merchants' batches taking turns. */
function batchesOf(requests: IssueRequest[], size: number): IssueRequest[][] {
  const byMerchant = new Map<string, IssueRequest[][]>();
  for (const request of requests) {
    const batches = byMerchant.get(request.token) ?? [[]];
    if (batches[batches.length - 1].length === size) batches.push([]);
    batches[batches.length - 1].push(request);
    byMerchant.set(request.token, batches);
  }
  const turns = [...byMerchant.values()];
  const longest = Math.max(0, ...turns.map((batches) => batches.length));
  return Array.from({ length: longest }, (_, i) =>
    turns.map((batches) => batches[i]).filter((batch) => batch !== undefined),
  ).flat();
}

async function postBatch(batch: IssueRequest[], url: string): Promise<IssueOutcome[]> {
  const started = performance.now();
  const outcome = (status: number, error?: string) => (request: IssueRequest) => ({
    sellerTaxId: request.sellerTaxId,
    documentNumber: request.documentNumber,
    status,
    latencyMs: performance.now() - started,
    answeredAt: Date.now(),
    attempts: 1,
    error,
  });
  try {
    const response = await fetch(`${url}/invoices/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${batch[0].token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ invoices: batch.map((request) => request.body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json()) as {
      results?: Array<{ status: number; receipt?: { invoiceNumber: string; checkCode: string } }>;
    };
    if (!body.results) return batch.map(outcome(response.status));
    return batch.map((request, i) => ({
      ...outcome(body.results?.[i]?.status ?? 0)(request),
      invoiceNumber: body.results?.[i]?.receipt?.invoiceNumber,
      checkCode: body.results?.[i]?.receipt?.checkCode,
    }));
  } catch (error) {
    return batch.map(outcome(0, error instanceof Error ? error.message : String(error)));
  }
}
