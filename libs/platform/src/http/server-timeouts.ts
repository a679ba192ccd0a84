import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '../config/config.schema';

/**
 * Drops clients that trickle a request (slowloris), so slow clients cannot hold connections
 * open; set on every app, in-process tests included. Idle kept-alive sockets live longer than
 * clients keep them (they retire a socket a second before the server's advertised timeout):
 * a short server timeout races a busy client that reuses the socket just as it closes, and the
 * request is lost unanswered (seen under load with a 5 s timeout).
 */
export function applyServerTimeouts(app: INestApplication, config: AppConfig): void {
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = config.HTTP_REQUEST_TIMEOUT_MS * 2;
  server.headersTimeout = Math.min(server.headersTimeout, server.requestTimeout);
}
