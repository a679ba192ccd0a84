import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LevelWithSilent } from 'pino';

/**
 * The level of a request's log line. A server fault (5xx, or an error) is always logged, at
 * error; a 503 is not one: it is an expected answer the caller is told to retry (not yet
 * visible, a dependency down, which the problem filter reports at warn itself). Every other outcome was answered as it should be, a 4xx included (a look-up of a number
 * that does not exist, bad input refused): it is logged at info, and only a `sample` share of
 * them, one every 1 / sample requests. A warn line with the full request for every 404 made a
 * loaded service's log grow by tens of megabytes a minute and cost it CPU.
 */
export function requestLogLevel(
  sample: number,
): (req: IncomingMessage, res: ServerResponse, err?: Error) => LevelWithSilent {
  const every = sample > 0 ? Math.round(1 / sample) : 0;
  let answered = 0;
  return (_req, res, err) => {
    if (err || (res.statusCode >= 500 && res.statusCode !== 503)) return 'error';
    if (every === 0) return 'silent';
    answered += 1;
    return answered % every === 1 % every ? 'info' : 'silent';
  };
}
