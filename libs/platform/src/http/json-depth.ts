/** Deeper than any document the platform accepts (an invoice is 4 levels), far below stack limits. */
export const MAX_JSON_DEPTH = 32;

/**
 * Part of the body parser's `verify` hook: refuses a body nested deeper than MAX_JSON_DEPTH before it is
 * parsed, so validation and canonicalization (both recursive) never walk a hostile depth.
 * Counts brackets outside strings in one pass over the raw bytes.
 */
export function refuseDeepJson(body: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === 0x5c)
        i++; // backslash: skip the escaped character
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x5b || byte === 0x7b) {
      depth++;
      if (depth > MAX_JSON_DEPTH)
        throw Object.assign(new Error(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`), {
          status: 400,
          expose: true,
          type: 'entity.too.deep',
        });
    } else if (byte === 0x5d || byte === 0x7d) depth--;
  }
}
