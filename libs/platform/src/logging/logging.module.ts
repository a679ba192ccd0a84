import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { LoggerOptions } from 'pino';
import { APP_CONFIG } from '../config/config.token';
import type { AppConfig } from '../config/config.schema';
import { requestLogLevel } from './request-log-level';
import { requestLogs } from './request-logs';

const REQUEST_ID_HEADER = 'x-request-id';

/** What every logger of a service writes: from LOG_LEVEL up, credentials redacted. */
function loggerOptions(config: AppConfig): LoggerOptions {
  return {
    level: config.LOG_LEVEL,
    redact: ['req.headers.authorization', 'req.headers.cookie'],
  };
}

/**
 * The requests' logs (mounted by createServiceApp, ahead of Nest's middleware): a request id on
 * every line of a request, echoed back to the caller, and a line per request as
 * `requestLogLevel` decides: faults always, a sample of the rest.
 */
export function configuredRequestLogs(config: AppConfig) {
  return requestLogs({
    logger: loggerOptions(config),
    level: requestLogLevel(config.LOG_REQUEST_SAMPLE),
    ignore: (req) => req.url === '/health' || req.url === '/metrics',
    requestId: (req, res) => {
      const given = req.headers[REQUEST_ID_HEADER];
      const id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
  });
}

/**
 * JSON logs: Nest's loggers write through nestjs-pino's. A request's lines go through the
 * request's own logger, `req.log` (configuredRequestLogs), passed where they are written (see
 * requestFaultLog). nestjs-pino's middleware is mounted on no route: it would run every request
 * inside an AsyncLocalStorage, which turns on promise hooks for the whole process and costs every
 * await of every request (issue #17).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: loggerOptions(config),
        useExisting: true,
        forRoutes: [],
      }),
    }),
  ],
})
export class LoggingModule {}
