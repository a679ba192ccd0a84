import type { IssueRequest } from '../../../scripts/load/issue-load';

/** One attempt of the probe, as the client saw it. */
export interface ProbeSample {
  sentAt: number;
  answeredAt: number;
  /** 0 when no answer came: see `error`. */
  status: number;
  /** Why no answer came: `hang` (the client's timeout passed), else the connection error. */
  error?: string;
  retryAfter: string | null;
  contentType: string | null;
  latencyMs: number;
}

/**
 * A client that records every attempt (the load generator keeps only the last): lanes issue
 * one pre-signed invoice after another, resending the same one (idempotent) until it is
 * answered 200/201, a short pause between attempts. Used to see what clients get while a
 * dependency is down, and how soon after its return they are served again.
 */
export class IssueProbe {
  readonly samples: ProbeSample[] = [];
  /** Issued (or replayed) invoice numbers, by `seller:document`. */
  readonly issued = new Map<string, string>();
  private stopping = false;
  private readonly lanes: Array<Promise<void>>;

  constructor(
    private readonly url: string,
    private readonly requests: IssueRequest[],
    options: { lanes: number; pauseMs: number; timeoutMs: number },
  ) {
    let next = 0;
    this.lanes = Array.from({ length: options.lanes }, async () => {
      while (!this.stopping && next < requests.length)
        await this.issue(this.requests[next++], options.pauseMs, options.timeoutMs);
    });
  }

  /** Lets every lane finish the invoice it is on (until issued), then returns every sample. */
  async stop(): Promise<ProbeSample[]> {
    this.stopping = true;
    await Promise.all(this.lanes);
    return this.samples;
  }

  private async issue(request: IssueRequest, pauseMs: number, timeoutMs: number): Promise<void> {
    for (;;) {
      const { sample, invoiceNumber } = await this.attempt(request, timeoutMs);
      this.samples.push(sample);
      if (invoiceNumber) {
        this.issued.set(`${request.sellerTaxId}:${request.documentNumber}`, invoiceNumber);
        return;
      }
      await new Promise((done) => setTimeout(done, pauseMs));
    }
  }

  private async attempt(
    request: IssueRequest,
    timeoutMs: number,
  ): Promise<{ sample: ProbeSample; invoiceNumber?: string }> {
    const sentAt = Date.now();
    const answer = (status: number, headers?: Headers, error?: string) => ({
      sentAt,
      answeredAt: Date.now(),
      status,
      retryAfter: headers?.get('retry-after') ?? null,
      contentType: headers?.get('content-type') ?? null,
      latencyMs: Date.now() - sentAt,
      error,
    });
    try {
      const response = await fetch(`${this.url}/invoices`, {
        method: 'POST',
        headers: { authorization: `Bearer ${request.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(request.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = (await response.json()) as { invoiceNumber?: string };
      const ok = response.status === 200 || response.status === 201;
      return {
        sample: answer(response.status, response.headers),
        invoiceNumber: ok ? body.invoiceNumber : undefined,
      };
    } catch (error) {
      return { sample: answer(0, undefined, noAnswerReason(error)) };
    }
  }
}

function noAnswerReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'hang';
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause ?? error.message;
}
