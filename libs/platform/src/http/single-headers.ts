import type { NextFunction, Request, Response } from 'express';

/**
 * Headers a request carries once, as they are spelled in answers. Node keeps the first of two
 * and drops the other (two Content-Lengths its parser refuses itself), so a second credential,
 * media type or host would be silently guessed at.
 */
const SINGLE_HEADERS = new Map(
  ['Authorization', 'Content-Type', 'Content-Length', 'Host'].map((name) => [
    name.toLowerCase(),
    name,
  ]),
);

/** Refuses a request that sends one of {@link SINGLE_HEADERS} more than once with 400. */
export function refuseRepeatedHeaders(
  request: Request,
  _response: Response,
  next: NextFunction,
): void {
  const counts = new Map<string, number>();
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = SINGLE_HEADERS.get(request.rawHeaders[i].toLowerCase());
    if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const repeated = [...counts].find(([, count]) => count > 1);
  if (!repeated) return next();
  const [name, count] = repeated;
  next(
    Object.assign(new Error(`The ${name} header is sent ${count} times: send it once.`), {
      status: 400,
      expose: true,
      type: 'header.repeated',
    }),
  );
}
