import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Metrics } from './metrics.service';
import { routeTemplate } from './route-template';

/**
 * Times every HTTP response into `http_request_duration_seconds`. It listens on the server
 * itself rather than in a Nest interceptor or middleware, so responses written outside the
 * handler — the exception filter's problem documents, body-parser refusals, 404s — count too.
 */
@Injectable()
export class HttpMetricsRecorder implements OnModuleInit, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    // Absent in a standalone application context (no HTTP), where there is nothing to time.
    this.server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    this.server?.on('request', this.record);
  }

  onApplicationShutdown(): void {
    this.server?.off('request', this.record);
  }

  /** Routing happens after this listener runs, so the route is read when the response ends. */
  private readonly record = (request: IncomingMessage, response: ServerResponse): void => {
    const stop = this.metrics.taxchain.httpRequestDuration.startTimer();
    // A client that hangs up early produces 'close' without 'finish': nothing was answered.
    response.once('finish', () => {
      stop({
        method: request.method ?? 'UNKNOWN',
        route: routeTemplate(request),
        status: String(response.statusCode),
      });
    });
  };
}
