import type { NextFunction, Request, Response } from 'express';

/**
 * Refuses a URL whose percent-encoding is broken (`%`, `%zz`) or decodes to bytes that are not
 * UTF-8 (`%FF`, a cut `%E0%A4`, a surrogate's or an overlong's bytes) with 400, before routing:
 * the router would answer 500 for such a path, and the query parser silently reads U+FFFD.
 */
export function refuseBadUrlEncoding(
  request: Request,
  _response: Response,
  next: NextFunction,
): void {
  try {
    decodeURIComponent(request.originalUrl);
  } catch {
    return next(
      Object.assign(new Error('the URL is not valid percent-encoded UTF-8'), {
        status: 400,
        expose: true,
        type: 'url.invalid.encoding',
      }),
    );
  }
  next();
}
