import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainException } from './domain.exception';
import { fromExposedError, fromHttpException } from './http-problem';
import { problemType, type Problem } from './problem';
import { isUnavailable } from './unavailable';

/** Where an unknown error is logged: a Nest logger, or a request's own (requestFaultLog). */
export interface FaultLog {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * The problem document for any error, as the global filter answers it; also used where one
 * request carries many items, each answered on its own. Unknown errors are logged once, here.
 */
export function problemOf(
  error: unknown,
  correlationId: string,
  logger: FaultLog,
): { problem: Problem; retryAfter?: number } {
  if (error instanceof DomainException) {
    const problem = {
      type: problemType(error.code),
      title: error.title,
      status: error.status,
      detail: error.detail,
      ...error.extensions,
    };
    return { problem, retryAfter: error.retryAfterSeconds() };
  }
  if (error instanceof HttpException) return fromHttpException(error);
  const exposed = fromExposedError(error);
  if (exposed) return exposed;
  if (isUnavailable(error)) {
    logger.warn({ correlationId, err: error }, 'dependency unavailable');
    return { problem: unavailable(correlationId), retryAfter: 2 };
  }
  logger.error({ correlationId, err: error }, 'unhandled error');
  return { problem: internal(correlationId) };
}

function unavailable(correlationId: string): Problem {
  return {
    type: problemType('service-unavailable'),
    title: 'Service temporarily unavailable',
    status: HttpStatus.SERVICE_UNAVAILABLE,
    detail: 'A dependency is unreachable; nothing was written. Retry after the indicated delay.',
    correlationId,
  };
}

function internal(correlationId: string): Problem {
  return {
    type: problemType('internal'),
    title: 'Internal error',
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    detail: 'An unexpected error occurred; quote the correlation id when reporting it.',
    correlationId,
  };
}
