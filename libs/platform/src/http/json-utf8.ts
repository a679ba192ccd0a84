import { isUtf8 } from 'node:buffer';
import type { NextFunction, Request, Response } from 'express';

/**
 * A JSON body is UTF-8 (RFC 8259 §8.1) and may say so; one declared in another charset is 415
 * before it is read (UTF-16 was decoded into mojibake and blamed on the JSON).
 */
export function refuseOtherCharsets(
  request: Request,
  _response: Response,
  next: NextFunction,
): void {
  // The media type is parsed (`request.is`) only when another charset is declared: almost no
  // request declares one, and parsing it on every request cost 2.5 % of the issuing service.
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(
    request.headers['content-type'] ?? '',
  )?.[1];
  if (charset === undefined || /^utf-?8$/i.test(charset)) return next();
  if (!request.is(['json', '+json'])) return next();
  next(
    Object.assign(new Error(`charset ${charset} is not accepted: send UTF-8 JSON`), {
      status: 415,
      expose: true,
      type: 'charset.unsupported',
    }),
  );
}

/**
 * Part of the body parser's `verify` hook: bytes that are not UTF-8 are 400 rather than read as
 * U+FFFD, so text is stored and signed exactly as it was sent.
 */
export function refuseInvalidUtf8(body: Buffer): void {
  if (!isUtf8(body))
    throw Object.assign(new Error('the body is not valid UTF-8'), {
      status: 400,
      expose: true,
      type: 'entity.invalid.utf8',
    });
}
