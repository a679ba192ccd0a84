/** An integer as the OpenAPI documents mean one in a URL: digits, a minus at most, no leading zero. */
const DECIMAL_INTEGER = /^(0|-?[1-9]\d*)$/;

/**
 * The number a path or query text stands for, or the text unchanged when it is no decimal
 * integer, for the validator to refuse: `Number()` would read ` ` as 0, `0x10` as 16 and `1e1`
 * as 10.
 */
export function decimalInteger(value: unknown): unknown {
  return typeof value === 'string' && DECIMAL_INTEGER.test(value) ? Number(value) : value;
}
