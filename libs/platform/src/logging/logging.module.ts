import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG } from '../config/config.token';
import type { AppConfig } from '../config/config.schema';
import { requestLogLevel } from './request-log-level';

const REQUEST_ID_HEADER = 'x-request-id';

/**
 * JSON logs with a request id on every line; the id is echoed back to the caller. Requests are
 * logged as `requestLogLevel` decides: faults always, a sample of the rest.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          genReqId: (req, res) => {
            const given = req.headers[REQUEST_ID_HEADER];
            const id =
              typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
            res.setHeader(REQUEST_ID_HEADER, id);
            return id;
          },
          redact: ['req.headers.authorization', 'req.headers.cookie'],
          autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
          customLogLevel: requestLogLevel(config.LOG_REQUEST_SAMPLE),
        },
      }),
    }),
  ],
})
export class LoggingModule {}
