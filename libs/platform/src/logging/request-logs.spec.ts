import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import type { LevelWithSilent } from 'pino';
import { requestLogs } from './request-logs';

type Line = Record<string, unknown> & { req?: Record<string, unknown>; msg?: string };

/**
 * A real HTTP server with the request logs in front of three routes; `level` answers every
 * request's line. Returns the lines written, parsed, and how many request loggers were made.
 */
async function served(level: LevelWithSilent, requests: [string, string][]) {
  const lines: Line[] = [];
  let made = 0;
  const app = express();
  app.use(
    requestLogs(
      {
        logger: {
          redact: ['req.headers.authorization', 'req.headers.cookie'],
          onChild: () => (made += 1),
        },
        level: (_req, res) => (res.statusCode >= 500 ? 'error' : level),
        ignore: (req) => req.url === '/health',
        requestId: (req) => String(req.headers['x-request-id']),
      },
      { write: (line: string) => lines.push(JSON.parse(line) as Line) },
    ),
  );
  app.get('/ok/:n', (_req, res) => void res.json({}));
  app.get('/health', (_req, res) => void res.json({}));
  app.get('/warn/:n', (req: Request, res) => {
    req.log.warn({ n: req.params.n }, 'a warning');
    res.status(409).json({});
  });
  app.get('/boom', (_req, res) => void res.status(500).json({}));
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  for (const [id, path] of requests) {
    const answer = await fetch(`http://127.0.0.1:${port}${path}`, {
      headers: { 'x-request-id': id, authorization: 'Bearer secret' },
    });
    await answer.arrayBuffer();
  }
  await new Promise((done) => server.close(done));
  return { lines, made };
}

const carried = (line: Line) => ({
  id: line.req?.id,
  method: line.req?.method,
  url: line.req?.url,
  authorization: (line.req?.headers as Record<string, string>).authorization,
});

describe(requestLogs.name, () => {
  it('serializes no request whose line is sampled out and that logs nothing else', async () => {
    const { lines, made } = await served('silent', [
      ['a', '/ok/1'],
      ['b', '/ok/2?q=1'],
      ['c', '/health'],
    ]);
    expect({ lines, made }).toEqual({ lines: [], made: 0 });
  });

  it('writes a server fault at error with the request, its answer and the fault', async () => {
    const { lines, made } = await served('silent', [
      ['a', '/ok/1'],
      ['f', '/boom'],
    ]);
    expect(lines.map((l) => [l.level, l.msg, carried(l), l.res, l.err])).toEqual([
      [
        50,
        'request errored',
        { id: 'f', method: 'GET', url: '/boom', authorization: '[Redacted]' },
        expect.objectContaining({ statusCode: 500 }),
        expect.objectContaining({ message: 'failed with status code 500' }),
      ],
    ]);
    expect(made).toBe(1);
  });

  it("carries the request on the service's own lines, sampled out or not", async () => {
    const { lines } = await served('silent', [['w', '/warn/7?x=1']]);
    expect(lines.map((l) => [l.level, l.msg, l.n, carried(l)])).toEqual([
      [
        40,
        'a warning',
        '7',
        { id: 'w', method: 'GET', url: '/warn/7?x=1', authorization: '[Redacted]' },
      ],
    ]);
  });

  it("gives a request's code the same logger method each time it asks for it", () => {
    const req = { headers: {} } as Request;
    const lines: string[] = [];
    requestLogs(
      { logger: {}, level: () => 'silent', ignore: () => true, requestId: () => 'r' },
      { write: (line: string) => void lines.push(line) },
    )(req, new EventEmitter() as Response, () => undefined);
    const info = req.log.info;
    expect(req.log.info).toBe(info);
    expect(req.log.child).toBe(req.log.child);
    info('still bound to the request logger');
    expect(lines).toHaveLength(1);
  });

  it('writes a sampled answer at its level, once, and none for an ignored path', async () => {
    const { lines } = await served('info', [
      ['a', '/ok/1'],
      ['h', '/health'],
      ['w', '/warn/2'],
    ]);
    expect(lines.map((l) => [l.level, l.msg, carried(l).id, l.responseTime !== undefined])).toEqual(
      [
        [30, 'request completed', 'a', true],
        [40, 'a warning', 'w', false],
        [30, 'request completed', 'w', true],
      ],
    );
  });
});
