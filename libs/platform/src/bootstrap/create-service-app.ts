import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '../config/config.schema';
import { runMigrations } from '../database/run-migrations';
import { configuredRequestLogs } from '../logging/logging.module';
import { ProblemFilter, answerProblem } from '../errors/problem.filter';
import { answerClientErrors } from '../http/client-errors';
import { ClientInputPipe } from '../http/client-input.pipe';
import { installJsonBody } from '../http/json-body';
import { refuseUndocumentedMethods } from '../http/documented-methods';
import { serveOpenApi } from '../http/openapi';
import { validationPipe } from '../validation/validation-pipe';
import { RequestTimeout } from '../http/request-timeout';
import { applyServerTimeouts } from '../http/server-timeouts';
import { UnroutedHandlersAdapter } from '../http/unrouted-handlers';
import type { ServiceDefinition } from './service-definition';

/** Migrates, then builds the service's Nest app with the platform's edges in place. */
export async function createServiceApp(
  definition: ServiceDefinition,
  config: AppConfig,
): Promise<INestApplication> {
  await runMigrations(config.DATABASE_URL, definition.migrations);
  const adapter = new UnroutedHandlersAdapter();
  const app = await NestFactory.create<NestExpressApplication>(definition.module(config), adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  installJsonBody(app, config.HTTP_BODY_LIMIT, {
    routes: definition.batchRoutes ?? [],
    limit: config.HTTP_BATCH_BODY_LIMIT,
  });
  app.useGlobalPipes(new ClientInputPipe(), validationPipe());
  app.useGlobalFilters(new ProblemFilter());
  // After the access guards (APP_GUARD, registered as the app was made); no global interceptor.
  app.useGlobalGuards(new RequestTimeout(config.HTTP_REQUEST_TIMEOUT_MS, answerProblem));
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  // Only where no route matched: a routed request never pays for matching every documented path.
  adapter.useForUnrouted(refuseUndocumentedMethods(serveOpenApi(app, definition.openapi)));
  applyServerTimeouts(app, config);
  answerClientErrors(app);
  await definition.connect?.(app, config);
  // After what answers before Nest (bodies refused, /docs, static files), as pino-http was.
  app.use(configuredRequestLogs(config));
  return app;
}
