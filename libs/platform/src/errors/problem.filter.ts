import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException } from './domain.exception';
import { isUnavailable } from './unavailable';
import { PROBLEM_CONTENT_TYPE, problemType, type Problem } from './problem';
import { fromExposedError, fromHttpException } from './http-problem';

/** Turns every error into application/problem+json; unknown ones are logged once. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const { problem, retryAfter } = this.toProblem(error, requestId(request));
    if (response.headersSent) return;
    if (retryAfter !== undefined) response.setHeader('Retry-After', String(retryAfter));
    if (error instanceof DomainException)
      for (const [name, value] of Object.entries(error.responseHeaders()))
        response.setHeader(name, value);
    response
      .status(problem.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify({ ...problem, instance: request.originalUrl }));
  }

  private toProblem(
    error: unknown,
    correlationId: string,
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
      this.logger.warn({ correlationId, err: error }, 'dependency unavailable');
      return { problem: unavailable(correlationId), retryAfter: 2 };
    }
    this.logger.error({ correlationId, err: error }, 'unhandled error');
    return { problem: internal(correlationId) };
  }
}

function requestId(request: Request): string {
  const id = (request as Request & { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : 'unknown';
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
