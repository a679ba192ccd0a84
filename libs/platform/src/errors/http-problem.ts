import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import { problemType, type Problem } from './problem';

const CODES: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  408: 'request-timeout',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'rate-limited',
  503: 'service-unavailable',
};

const PARSER_CODES: Record<string, string> = {
  'entity.parse.failed': 'malformed-json',
  'entity.not.object': 'validation-failed',
  'entity.too.large': 'payload-too-large',
  'entity.too.deep': 'json-too-deep',
  'entity.invalid.utf8': 'invalid-utf8',
  'url.invalid.encoding': 'invalid-url-encoding',
  'charset.unsupported': 'unsupported-media-type',
  'encoding.unsupported': 'unsupported-media-type',
  'encoding.malformed': 'bad-content-encoding',
  'header.repeated': 'repeated-header',
};

/** Maps Nest's built-in HTTP exceptions (validation, routing, throttling) to problems. */
export function fromHttpException(error: HttpException): { problem: Problem; retryAfter?: number } {
  const status = error.getStatus();
  const body = error.getResponse();
  const messages =
    typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : body;
  const errors = Array.isArray(messages) ? messages.map(String) : undefined;
  const detail = errors
    ? errors.join('; ')
    : (downDependencies(body) ?? (typeof messages === 'string' ? messages : error.message));
  const code = status === 400 && errors ? 'validation-failed' : (CODES[status] ?? `http-${status}`);
  const problem: Problem = {
    ...extensions(body),
    type: problemType(code),
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
  };
  if (errors) problem.errors = errors;
  return { problem, retryAfter: status === 429 ? 1 : status === 503 ? 2 : undefined };
}

/** Terminus reports failing indicators under `error`; name them. */
function downDependencies(body: unknown): string | undefined {
  const failing =
    typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof failing !== 'object' || failing === null) return undefined;
  return `down: ${Object.keys(failing).join(', ')}`;
}

/** Keeps structured members of an exception body (terminus puts its health report there). */
function extensions(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null) return {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'message' || key === 'statusCode' || (key === 'error' && typeof value === 'string'))
      continue;
    rest[key] = value;
  }
  return rest;
}

/** body-parser and other http-errors style errors carry a 4xx status and are safe to expose. */
export function fromExposedError(error: unknown): { problem: Problem } | undefined {
  const candidate = error as {
    status?: unknown;
    expose?: unknown;
    type?: unknown;
    message?: unknown;
  };
  if (typeof candidate?.status !== 'number' || candidate.expose !== true) return undefined;
  const status = candidate.status;
  const code = PARSER_CODES[String(candidate.type)] ?? CODES[status] ?? `http-${status}`;
  const detail = typeof candidate.message === 'string' ? candidate.message : undefined;
  const problem: Problem = {
    type: problemType(code),
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
  };
  // As every validation-failed problem: the detail is also its one error.
  if (code === 'validation-failed' && detail) problem.errors = [detail];
  return { problem };
}
