import type { SignedInvoice } from '@taxchain/contracts';
import type { MerchantSigner } from './merchant-signer';

/** One pre-signed issue request, ready to post as many times as needed (it is idempotent). */
export interface IssueRequest {
  token: string;
  sellerTaxId: string;
  documentNumber: string;
  body: SignedInvoice;
}

/** What became of one request: its last answer, or the error that ended it. */
export interface IssueOutcome {
  sellerTaxId: string;
  documentNumber: string;
  /** HTTP status of the last answer; 0 when no answer came (connection refused, reset, timeout). */
  status: number;
  invoiceNumber?: string;
  checkCode?: string;
  /** Latency of the last attempt, ms. */
  latencyMs: number;
  /** When the last answer arrived (epoch ms). */
  answeredAt: number;
  attempts: number;
  error?: string;
}

export interface IssueLoadOptions {
  /** Issuing instances; requests go round-robin. */
  urls: string[];
  concurrency: number;
  /**
   * Keep re-sending on no answer, 429 and 503 until this deadline (epoch ms), as a well-behaved
   * client does; without it, each request is sent once.
   */
  retryUntil?: number;
  requestTimeoutMs?: number;
  /** Send no new request after this moment (epoch ms); only the requests sent are answered. */
  stopAt?: number;
  /** Open-loop pacing: request i leaves no earlier than i / ratePerSecond after the start. */
  ratePerSecond?: number;
  onAnswer?: (outcome: IssueOutcome, done: number) => void;
}

/** Merchant-signed invoices to distinct buyers, signed before any is sent. */
export function presignInvoices(
  merchants: Array<{ signer: MerchantSigner; token: string }>,
  buyerTaxIds: string[],
  count: number,
): IssueRequest[] {
  return Array.from({ length: count }, (_, i) => {
    const { signer, token } = merchants[i % merchants.length];
    const document = signer.invoice(buyerTaxIds[i % buyerTaxIds.length], {
      documentNumber: `LOAD-${Date.now().toString(36)}-${i}`,
    });
    return {
      token,
      sellerTaxId: signer.taxId,
      documentNumber: document.documentNumber,
      body: signer.signed(document),
    };
  });
}

/**
 * Posts the requests with at most `concurrency` in flight (paced, when asked, and until `stopAt`,
 * when given); resolves with one outcome per request sent, in request order.
 */
export async function sendIssueLoad(
  requests: IssueRequest[],
  options: IssueLoadOptions,
): Promise<IssueOutcome[]> {
  const outcomes: IssueOutcome[] = new Array<IssueOutcome>(requests.length);
  const started = Date.now();
  let next = 0;
  let done = 0;
  const take = () => (options.stopAt && Date.now() >= options.stopAt ? requests.length : next++);
  const worker = async (lane: number) => {
    for (let i = take(); i < requests.length; i = take()) {
      if (options.ratePerSecond) await until(started + (i * 1_000) / options.ratePerSecond);
      outcomes[i] = await sendOne(requests[i], options, lane + i);
      done += 1;
      options.onAnswer?.(outcomes[i], done);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, lane) => worker(lane)));
  return outcomes.slice(0, next);
}

function until(moment: number): Promise<void> {
  const wait = moment - Date.now();
  return wait > 0 ? new Promise((done) => setTimeout(done, wait)) : Promise.resolve();
}

async function sendOne(
  request: IssueRequest,
  options: IssueLoadOptions,
  turn: number,
): Promise<IssueOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    const outcome = await attemptOne(request, options, turn + attempt, attempt);
    const retryable = outcome.status === 0 || outcome.status === 429 || outcome.status === 503;
    if (!retryable || !options.retryUntil || Date.now() >= options.retryUntil) return outcome;
    await new Promise((wait) => setTimeout(wait, Math.min(1_000, 50 * attempt)));
  }
}

async function attemptOne(
  request: IssueRequest,
  options: IssueLoadOptions,
  turn: number,
  attempt: number,
): Promise<IssueOutcome> {
  const url = options.urls[turn % options.urls.length];
  const started = performance.now();
  const base = {
    sellerTaxId: request.sellerTaxId,
    documentNumber: request.documentNumber,
    attempts: attempt,
  };
  try {
    const response = await fetch(`${url}/invoices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${request.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(options.requestTimeoutMs ?? 30_000),
    });
    const body = (await response.json()) as { invoiceNumber?: string; checkCode?: string };
    return {
      ...base,
      status: response.status,
      invoiceNumber: body.invoiceNumber,
      checkCode: body.checkCode,
      latencyMs: performance.now() - started,
      answeredAt: Date.now(),
    };
  } catch (error) {
    return {
      ...base,
      status: 0,
      latencyMs: performance.now() - started,
      answeredAt: Date.now(),
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
