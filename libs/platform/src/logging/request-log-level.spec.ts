import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestLogLevel } from './request-log-level';

const request = {} as IncomingMessage;
const answered = (statusCode: number) => ({ statusCode }) as ServerResponse;

function levels(sample: number, statuses: number[]): string[] {
  const level = requestLogLevel(sample);
  return statuses.map((status) => level(request, answered(status)));
}

describe(requestLogLevel.name, () => {
  it('logs a look-up of a missing invoice at info, never at warn', () => {
    expect(levels(1, [404, 404, 409, 422])).toEqual(['info', 'info', 'info', 'info']);
  });

  it('logs one answered request in every 1 / sample, the first included', () => {
    const logged = levels(
      0.01,
      Array.from({ length: 1_000 }, (_, i) => (i % 2 ? 200 : 404)),
    );
    expect(logged.filter((l) => l === 'info')).toHaveLength(10);
    expect(logged.filter((l) => l === 'silent')).toHaveLength(990);
    expect(logged[0]).toBe('info');
  });

  it('always logs a server fault at error, sampled out or not', () => {
    expect(levels(0, [200, 500, 502, 404])).toEqual(['silent', 'error', 'error', 'silent']);
    const level = requestLogLevel(0);
    expect(level(request, answered(200), new Error('thrown'))).toBe('error');
  });

  it('logs an expected 503 (not yet visible, a dependency down) as an answer, never at error', () => {
    expect(levels(1, [503, 503])).toEqual(['info', 'info']);
    expect(levels(0, [503])).toEqual(['silent']);
  });
});
