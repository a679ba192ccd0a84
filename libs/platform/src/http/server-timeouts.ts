import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '../config/config.schema';

/**
 * Drops clients that trickle a request (slowloris) or idle on a kept-alive socket, so slow
 * clients cannot hold connections open; set on every app, in-process tests included.
 */
export function applyServerTimeouts(app: INestApplication, config: AppConfig): void {
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = 5_000;
  server.requestTimeout = config.HTTP_REQUEST_TIMEOUT_MS * 2;
  server.headersTimeout = Math.min(server.headersTimeout, server.requestTimeout);
}
