import {
  Body,
  Controller,
  Get,
  Module,
  NotFoundException,
  type MiddlewareConsumer,
  type NestModule,
  Param,
  Post,
  type INestApplication,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { ProblemFilter } from '../errors/problem.filter';
import { installJsonBody } from '../http/json-body';
import { HttpMetricsRecorder } from './http-metrics.recorder';
import { MetricsModule } from './metrics.module';
import { UNMATCHED_ROUTE } from './route-template';
import { parseExposition, type Sample } from './testing/parse-exposition';

@Controller('invoices')
class InvoicesController {
  @Get(':number')
  find(@Param('number') number: string): { number: string } {
    if (number === 'missing') throw new NotFoundException(`no invoice ${number}`);
    if (number === 'crash') throw new Error('unexpected');
    return { number };
  }

  @Post()
  create(@Body() body: object): object {
    return body;
  }
}

/** Like the request logger: Nest mounts it as a catch-all route that answers every method. */
@Module({ imports: [MetricsModule], controllers: [InvoicesController] })
class InvoicesTestModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply((_req: unknown, _res: unknown, next: () => void) => next()).forRoutes('{*path}');
  }
}

/** The platform's edges that write responses outside the handler, as createServiceApp has them. */
async function startApp(): Promise<INestApplication> {
  const app = await NestFactory.create(InvoicesTestModule, { logger: false, bodyParser: false });
  installJsonBody(app, '1kb');
  app.useGlobalFilters(new ProblemFilter());
  return app.init();
}

async function durationCounts(app: INestApplication): Promise<Sample[]> {
  const response = await request(app.getHttpServer()).get('/metrics').expect(200);
  // Express reorders the parameters; Prometheus only needs the media type and version.
  expect(response.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
  const family = parseExposition(response.text).get('http_request_duration_seconds');
  return family!.samples.filter((s) => s.name === 'http_request_duration_seconds_count');
}

describe(HttpMetricsRecorder.name, () => {
  let app: INestApplication;
  let other: INestApplication;

  beforeAll(async () => {
    app = await startApp();
    other = await startApp();
  });

  afterAll(async () => {
    await app?.close();
    await other?.close();
  });

  it('labels by route template and counts what the exception filter and body parser answer', async () => {
    const http = request(app.getHttpServer());
    await http.get('/invoices/INV-1').expect(200);
    await http.get('/invoices/INV-2?copy=1').expect(200);
    await http.get('/invoices/missing').expect(404);
    await http.get('/invoices/crash').expect(500);
    await http.post('/invoices').set('content-type', 'application/json').send('{').expect(400);
    await http.get('/no/such/path').expect(404);

    const counts = await durationCounts(app);
    const count = (method: string, route: string, status: string) =>
      counts.find(
        (s) => s.labels.method === method && s.labels.route === route && s.labels.status === status,
      )?.value;
    expect(count('GET', '/invoices/:number', '200')).toBe(2);
    expect(count('GET', '/invoices/:number', '404')).toBe(1);
    expect(count('GET', '/invoices/:number', '500')).toBe(1);
    // Malformed JSON is refused before routing, like a path no route matches.
    expect(count('POST', UNMATCHED_ROUTE, '400')).toBe(1);
    expect(count('GET', UNMATCHED_ROUTE, '404')).toBe(1);
    expect(counts.map((s) => s.labels.route)).not.toContainEqual(
      expect.stringMatching(/INV-|no\/such/),
    );
  });

  it('keeps each app instance in its own registry', async () => {
    const counts = await durationCounts(other);
    expect(counts.filter((s) => s.labels.route === '/invoices/:number')).toEqual([]);
  });
});
