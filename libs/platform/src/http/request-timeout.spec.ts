import { ConflictException, Controller, Get, Logger, Module, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { Response } from 'express';
import request from 'supertest';
import { ProblemFilter, answerProblem } from '../errors/problem.filter';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem';
import { RequestTimeout } from './request-timeout';

const TIMEOUT_MS = 50;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Settled when the late handler has answered (into the void) or failed. */
let lateSettled: Promise<void> = Promise.resolve();

@Controller()
class TimedController {
  @Get('hanging')
  hanging(): Promise<never> {
    return new Promise<never>(() => undefined);
  }

  @Get('late')
  late(@Res({ passthrough: true }) response: Response): Promise<{ late: true }> {
    const answer = sleep(TIMEOUT_MS * 3).then(() => {
      response.setHeader('Location', '/late/1');
      return { late: true as const };
    });
    lateSettled = answer.then(() => sleep(10)).catch(() => sleep(10));
    return answer;
  }

  @Get('answered')
  answered(): { issued: true } {
    return { issued: true };
  }

  @Get('refused')
  refused(): never {
    throw new ConflictException('refused');
  }
}

@Module({ controllers: [TimedController] })
class TimedModule {}

/** Timers still armed in this process (a leaked one would fire a minute later). */
const armedTimers = () =>
  process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

/** The app as the services build it: the global filter, the time-out as the last guard. */
async function timedApp(timeoutMs: number): Promise<INestApplication> {
  const app = await NestFactory.create(TimedModule, { logger: false });
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalGuards(new RequestTimeout(timeoutMs, answerProblem));
  await app.listen(0, '127.0.0.1');
  return app;
}

/** Timers armed in this process once the answered responses have closed (bounded wait). */
async function settledTimers(atMost: number): Promise<number> {
  for (let waited = 0; armedTimers() > atMost && waited < 2_000; waited += 20) await sleep(20);
  return armedTimers();
}

describe(RequestTimeout.name, () => {
  let app: INestApplication;
  let errors: jest.SpyInstance;

  beforeAll(async () => {
    app = await timedApp(TIMEOUT_MS);
  });
  afterAll(() => app.close());
  beforeEach(() => {
    errors = jest.spyOn(Logger.prototype, 'error');
  });
  afterEach(() => errors.mockRestore());

  it('answers 503 problem+json when the handler has not answered within the time-out', async () => {
    const answer = await request(app.getHttpServer()).get('/hanging');
    expect(answer.status).toBe(503);
    expect(answer.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(JSON.parse(answer.text)).toMatchObject({
      status: 503,
      detail: `No answer within ${TIMEOUT_MS} ms`,
      instance: '/hanging',
    });
  });

  it('drops an answer that comes after the time-out: the 503 stands and nothing is logged', async () => {
    const answer = await request(app.getHttpServer()).get('/late');
    await lateSettled;
    expect(answer.status).toBe(503);
    expect(answer.headers.location).toBeUndefined();
    expect(errors).not.toHaveBeenCalled();
  });

  it("passes the handler's answer and its errors through, and leaves no timer behind", async () => {
    // A time-out no test waits for: a timer left armed would still be there at the end.
    const patient = await timedApp(60_000);
    try {
      const server = patient.getHttpServer();
      const timersBefore = armedTimers();
      const answered = await request(server).get('/answered');
      const refused = await request(server).get('/refused');
      expect([answered.status, answered.body]).toEqual([200, { issued: true }]);
      expect([refused.status, JSON.parse(refused.text).detail]).toEqual([409, 'refused']);
      expect(await settledTimers(timersBefore)).toBeLessThanOrEqual(timersBefore);
    } finally {
      await patient.close();
    }
  });
});
