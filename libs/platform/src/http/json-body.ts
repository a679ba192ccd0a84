import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { fromExposedError } from '../errors/http-problem';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem';
import { explainContentEncoding } from './content-encoding';
import { refuseDeepJson } from './json-depth';
import { refuseJsonPrimitive } from './json-object';
import { refuseInvalidUtf8, refuseOtherCharsets } from './json-utf8';
import { refuseRepeatedHeaders } from './single-headers';
import { refuseBadUrlEncoding } from './url-encoding';

/** The only media types a body may have; the OpenAPI documents say application/json. */
export const ACCEPTED_BODY_TYPES = ['application/json', 'application/*+json'];

/**
 * Refuses a header that must be single sent twice and a URL that is not percent-encoded UTF-8,
 * parses JSON bodies up to the limit and nesting depth, and refuses a non-empty body of any
 * other media type (or of none) with 415 rather than reading it as no body at all. Parser
 * failures (malformed JSON, too large, too deep, not UTF-8, not in its Content-Encoding) are
 * answered here as problem+json, before any handler runs.
 */
export function installJsonBody(
  app: INestApplication,
  limit: string,
  batches: { routes: string[]; limit: string } = { routes: [], limit },
): void {
  app.use(refuseRepeatedHeaders, refuseBadUrlEncoding, refuseOtherCharsets);
  // Parsed once: the general parser below skips a body a batch route's parser has read.
  for (const route of batches.routes) app.use(route, jsonParser(batches.limit));
  app.use(jsonParser(limit));
  // Every request reaching this middleware is Express's own, with `is`.
  app.use(
    express.raw({ limit, type: (request) => !isJson(request as Request) }),
    refuseOtherBodies,
  );
  app.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
    const exposed = fromExposedError(explainContentEncoding(error, request));
    if (!exposed) return next(error);
    response
      .status(exposed.problem.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify({ ...exposed.problem, instance: request.originalUrl }));
  });
}

function jsonParser(limit: string) {
  return express.json({
    limit,
    type: ACCEPTED_BODY_TYPES,
    verify: (_request, _response, body) => {
      refuseInvalidUtf8(body);
      refuseDeepJson(body);
      refuseJsonPrimitive(body);
    },
  });
}

function isJson(request: Request): boolean {
  return Boolean(request.is(ACCEPTED_BODY_TYPES));
}

/** An empty body of any type is no body (a POST without one); anything else is refused. */
function refuseOtherBodies(request: Request, _response: Response, next: NextFunction): void {
  if (!Buffer.isBuffer(request.body)) return next();
  const length = request.body.length;
  request.body = undefined;
  if (length === 0) return next();
  const given = request.headers['content-type'] ?? 'none';
  next(
    Object.assign(new Error(`Content-Type ${given} is not accepted: send application/json`), {
      status: 415,
      expose: true,
      type: 'media.unsupported',
    }),
  );
}
