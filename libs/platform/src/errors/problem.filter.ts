import { ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { answeredByTimeout } from '../http/request-timeout';
import { requestFaultLog } from '../logging/request-fault-log';
import { DomainException } from './domain.exception';
import { PROBLEM_CONTENT_TYPE, type Problem } from './problem';
import { problemOf } from './problem-of';

/** Turns every error into application/problem+json; unknown ones are logged once. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    answerProblem(error, http.getRequest<Request>(), http.getResponse<Response>());
  }
}

/**
 * A page's own rendering of a problem, for a browser that asked for HTML: the HTML, or undefined
 * to answer problem+json as everywhere else.
 */
export type ProblemPage = (problem: Problem, request: Request) => string | undefined;

/**
 * Answers `error` as the global filter does, also where no handler is running (the request
 * time-out). A request already answered 503 for its time-out drops what its handler does late:
 * a late answer fails on the sent headers, and neither it nor a late error is a fault to log.
 * With a `page`, a client that prefers text/html to JSON gets the page, with the same status and
 * headers; any other client, and any problem the page does not render, gets problem+json.
 */
export function answerProblem(
  error: unknown,
  request: Request,
  response: Response,
  page?: ProblemPage,
): void {
  if (answeredByTimeout(response)) return;
  const { problem, retryAfter } = problemOf(
    error,
    requestId(request),
    requestFaultLog(request, ProblemFilter.name),
  );
  if (response.headersSent) return;
  if (retryAfter !== undefined) response.setHeader('Retry-After', String(retryAfter));
  if (error instanceof DomainException)
    for (const [name, value] of Object.entries(error.responseHeaders()))
      response.setHeader(name, value);
  const html = page && prefersHtml(request) ? page(problem, request) : undefined;
  if (html !== undefined) {
    response.status(problem.status).type('text/html; charset=utf-8').send(html);
    return;
  }
  response
    .status(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ ...problem, instance: request.originalUrl }));
}

/** What a browser's Accept says; a client that names no preference (or JSON first) gets JSON. */
function prefersHtml(request: Request): boolean {
  return request.accepts([PROBLEM_CONTENT_TYPE, 'application/json', 'text/html']) === 'text/html';
}

function requestId(request: Request): string {
  const id = (request as Request & { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : 'unknown';
}
