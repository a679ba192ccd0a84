import { Controller, Get, Module, NotFoundException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { requestLogs } from '../logging/request-logs';
import { ProblemFilter } from './problem.filter';

type Line = Record<string, unknown> & { req?: { id?: string } };

@Controller('invoices')
class FailingController {
  @Get('crash')
  crash(): never {
    throw new Error('unexpected');
  }

  @Get('database-down')
  databaseDown(): never {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  }

  @Get('missing')
  missing(): never {
    throw new NotFoundException('no invoice missing');
  }
}

@Module({ controllers: [FailingController] })
class FailingModule {}

/** The app's lines, as the request logs write them, after one request to each path. */
async function linesAfter(
  paths: [string, string][],
): Promise<{ lines: Line[]; bodies: unknown[] }> {
  const lines: Line[] = [];
  const app = await NestFactory.create(FailingModule, { logger: false });
  app.use(
    requestLogs(
      {
        logger: {},
        level: () => 'silent',
        ignore: () => false,
        requestId: (req) => String(req.headers['x-request-id']),
      },
      { write: (line: string) => void lines.push(JSON.parse(line) as Line) },
    ),
  );
  app.useGlobalFilters(new ProblemFilter());
  await app.init();
  const bodies: unknown[] = [];
  for (const [id, path] of paths) {
    const answer = await request(app.getHttpServer()).get(path).set('x-request-id', id);
    bodies.push(JSON.parse(answer.text));
  }
  await app.close();
  return { lines, bodies };
}

describe(ProblemFilter.name, () => {
  it("logs an unknown error and an unreachable dependency on the request's own line, with its id", async () => {
    const { lines, bodies } = await linesAfter([
      ['r-404', '/invoices/missing'],
      ['r-500', '/invoices/crash'],
      ['r-503', '/invoices/database-down'],
    ]);
    expect(lines.map((l) => [l.level, l.msg, l.req?.id, l.context, l.correlationId])).toEqual([
      [50, 'unhandled error', 'r-500', 'ProblemFilter', 'r-500'],
      [40, 'dependency unavailable', 'r-503', 'ProblemFilter', 'r-503'],
    ]);
    expect(bodies.map((b) => (b as { correlationId?: string }).correlationId)).toEqual([
      undefined,
      'r-500',
      'r-503',
    ]);
  });
});
