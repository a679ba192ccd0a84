import {
  ServiceUnavailableException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request, Response } from 'express';

/** Responses answered 503 for their time-out: whatever their handler does later is dropped. */
const timedOut = new WeakSet<Response>();
/** When each timed request's clock started (Date.now()). */
const startedAt = new WeakMap<Request, number>();

/**
 * Answers 503 instead of letting a request hang past the configured time-out, through `answer`
 * (the global filter's problem+json); a handler that answers or fails after that is no longer
 * listened to (see `answeredByTimeout`). A guard in form only: it lets every request through,
 * last of the global guards, and arms one timer where an interceptor would, once the request is
 * authenticated and within its rate (a refused one is never timed), clearing it when the response
 * closes, answered or aborted. Not an interceptor: any global interceptor makes Nest run every
 * request through rxjs (defer, mergeAll, lastValueFrom) and two AsyncResource.bind, ≈ 3.6 % of
 * the issuing service's busy time at c = 64 (#17).
 */
export class RequestTimeout implements CanActivate {
  constructor(
    private readonly ms: number,
    private readonly answer: (error: unknown, request: Request, response: Response) => void,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    startedAt.set(request, Date.now());
    const timer = setTimeout(() => {
      // A response already under way (a stream) cannot be turned into a 503 any more.
      if (response.headersSent) return;
      const error = new ServiceUnavailableException(`No answer within ${this.ms} ms`);
      this.answer(error, request, response);
      timedOut.add(response);
    }, this.ms);
    response.once('close', () => clearTimeout(timer));
    return true;
  }
}

/**
 * When the request's time-out clock started (Date.now()), for a handler that must answer before
 * it runs out, measured as the time-out measures; now for a request it does not time.
 */
export function requestClockStart(request: Request): number {
  return startedAt.get(request) ?? Date.now();
}

/** True when the request timed out and was answered 503: its late answer or error is dropped. */
export function answeredByTimeout(response: Response): boolean {
  return timedOut.has(response);
}
