import type { Request } from 'express';

/** The content codings the body parser decodes. */
const DECODED = 'gzip, deflate or br';

/**
 * The body parser's refusals of a Content-Encoding, told in words a client can act on: a body
 * that does not decode as its label says (zlib's "incorrect header check") is 400, a coding the
 * parser does not know 415. Any other error is returned as it is.
 */
export function explainContentEncoding(error: unknown, request: Request): unknown {
  const encoding = request.headers['content-encoding'];
  const failure = error as { status?: unknown; type?: unknown; code?: unknown; message?: unknown };
  if (!encoding || typeof failure !== 'object' || failure === null) return error;
  if (failure.type === 'encoding.unsupported')
    return Object.assign(failure, {
      message: `Content-Encoding ${encoding} is not accepted: send the body as is, or as ${DECODED}.`,
    });
  // zlib's errors carry a code (Z_DATA_ERROR, ERR__ERROR_FORMAT_PADDING_2), the parser's a type.
  if (failure.status === 400 && failure.type === undefined && typeof failure.code === 'string')
    return Object.assign(failure, {
      type: 'encoding.malformed',
      message: `The body is not ${encoding} as its Content-Encoding says (${String(failure.message)}): send it so encoded, or without Content-Encoding.`,
    });
  return error;
}
