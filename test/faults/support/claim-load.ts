/** A claim a buyer company means to make, and its credential. */
export interface ClaimRequest {
  token: string;
  invoiceNumber: string;
  checkCode: string;
}

/** What became of one claim request: the last answer (0: none) and the claim it made. */
export interface ClaimOutcome {
  invoiceNumber: string;
  status: number;
  claimId?: string;
  attempts: number;
}

/**
 * Posts every claim with at most `concurrency` in flight, re-sending on no answer and 503
 * until `retryUntil` (epoch ms), as a company's system would while the service restarts.
 */
export async function sendClaims(
  url: string,
  requests: ClaimRequest[],
  options: { concurrency: number; retryUntil: number; onAnswer?: (done: number) => void },
): Promise<ClaimOutcome[]> {
  const outcomes = new Array<ClaimOutcome>(requests.length);
  let next = 0;
  let done = 0;
  const lane = async () => {
    for (let i = next++; i < requests.length; i = next++) {
      outcomes[i] = await claimUntilAnswered(url, requests[i], options.retryUntil);
      options.onAnswer?.((done += 1));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  return outcomes;
}

async function claimUntilAnswered(
  url: string,
  request: ClaimRequest,
  retryUntil: number,
): Promise<ClaimOutcome> {
  for (let attempts = 1; ; attempts += 1) {
    const { status, claimId } = await claimOnce(url, request);
    if ((status !== 0 && status !== 503) || Date.now() >= retryUntil)
      return { invoiceNumber: request.invoiceNumber, status, claimId, attempts };
    await new Promise((done) => setTimeout(done, Math.min(1_000, 50 * attempts)));
  }
}

async function claimOnce(
  url: string,
  request: ClaimRequest,
): Promise<{ status: number; claimId?: string }> {
  try {
    const response = await fetch(`${url}/claims`, {
      method: 'POST',
      headers: { authorization: `Bearer ${request.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ invoiceNumber: request.invoiceNumber, checkCode: request.checkCode }),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await response.json()) as { claimId?: string };
    return { status: response.status, claimId: body.claimId };
  } catch {
    return { status: 0 };
  }
}
