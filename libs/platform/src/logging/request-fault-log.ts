import { Logger } from '@nestjs/common';
import type { Request } from 'express';
import type { FaultLog } from '../errors/problem-of';

/**
 * Where a fault met while answering `request` is logged: the request's own logger (`req.log`),
 * so that the line carries the request and its id, with `context` named as Nest's loggers name
 * it. Passed where it is used rather than found through an AsyncLocalStorage (see
 * LoggingModule). A request refused before the request logs saw it has none: Nest's logger then.
 */
export function requestFaultLog(request: Request, context: string): FaultLog {
  const log = (request as Partial<Request>).log;
  if (!log) return new Logger(context);
  return {
    warn: (fields, message) => log.warn({ context, ...fields }, message),
    error: (fields, message) => log.error({ context, ...fields }, message),
  };
}
