import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { fromExposedError } from '../errors/http-problem';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem';
import { refuseDeepJson } from './json-depth';

/**
 * Parses JSON bodies up to the limit and nesting depth. Parser failures (malformed JSON, too
 * large, too deep, bad charset) are answered here as problem+json, before any handler runs.
 */
export function installJsonBody(app: INestApplication, limit: string): void {
  app.use(
    express.json({
      limit,
      type: ['application/json', 'application/*+json'],
      verify: refuseDeepJson,
    }),
  );
  app.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
    const exposed = fromExposedError(error);
    if (!exposed) return next(error);
    response
      .status(exposed.problem.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify({ ...exposed.problem, instance: request.originalUrl }));
  });
}
