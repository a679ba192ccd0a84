import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { pino, stdSerializers, type LevelWithSilent, type Logger } from 'pino';
import type { DestinationStream, LoggerOptions } from 'pino';

export interface RequestLogOptions {
  /** pino's options (level, redaction); the request, response and error serializers are added. */
  logger: LoggerOptions;
  /** The level of a request's line, when it was answered; `silent` writes none. */
  level: (req: IncomingMessage, res: ServerResponse, err?: Error) => LevelWithSilent;
  /** Requests that get no line of their own (their other lines still carry them). */
  ignore: (req: IncomingMessage) => boolean;
  requestId: (req: IncomingMessage, res: ServerResponse) => string;
}

/**
 * Gives each request an id and a logger, `req.log`, whose lines carry the request (id, method,
 * url, query, params, headers with credentials redacted, peer), and writes one line when it is
 * answered, as `level` decides. The lines are pino-http's, but the request is serialized only
 * when one of them is written: pino serializes, redacts and stringifies a child logger's
 * bindings as it makes the child, and with request lines sampled most requests write none
 * (issue #17: pino-http, pino and redaction took 3.2–3.6 % of the issuing service's busy time
 * at c = 64, 0.6–0.7 % now).
 */
export function requestLogs(options: RequestLogOptions, destination?: DestinationStream) {
  const root = pino(
    {
      ...options.logger,
      // pino-http's: the standard ones (wrapping one in itself is the same serializer).
      serializers: { req: stdSerializers.req, res: stdSerializers.res, err: stdSerializers.err },
    },
    destination,
  );
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = Date.now();
    req.id = options.requestId(req, res);
    const log = madeWhenUsed(() => root.child({ req }));
    req.log = log;
    const answered = (err?: Error): void => {
      res.off('close', answered);
      res.off('finish', answered);
      res.off('error', answered);
      const level = options.level(req, res, err);
      if (level === 'silent') return;
      const responseTime = Date.now() - started;
      const failed =
        err ??
        (res.statusCode >= 500
          ? new Error(`failed with status code ${res.statusCode}`)
          : undefined);
      if (failed) log[level]({ res, err: failed, responseTime }, 'request errored');
      else
        log[level](
          { res, responseTime },
          !req.readableAborted && res.writableEnded ? 'request completed' : 'request aborted',
        );
    };
    if (!options.ignore(req)) res.on('close', answered).on('finish', answered);
    res.on('error', answered);
    next();
  };
}

/**
 * A logger made the first time anything of it is used: a line written, a child made. Its methods
 * are bound to it once each, not on every use; keyed by the function itself, so a method pino
 * replaces (a level change) is bound anew.
 */
function madeWhenUsed(make: () => Logger): Logger {
  let made: Logger | undefined;
  // Made with the logger: most requests write no line, and pay for neither.
  let bound: WeakMap<object, unknown> | undefined;
  return new Proxy({} as Logger, {
    get: (_, property) => {
      made ??= make();
      bound ??= new WeakMap();
      const value: unknown = Reflect.get(made, property);
      if (typeof value !== 'function') return value;
      let method = bound.get(value);
      if (method === undefined) {
        method = (value as () => unknown).bind(made);
        bound.set(value, method);
      }
      return method;
    },
  });
}
