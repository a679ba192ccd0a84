// Deadlock, serialization failure, and a unique violation raced by another process.
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001', '23505']);

/** True when running the same batch again in a new transaction may succeed. */
export function isRetryable(error: unknown): boolean {
  const code =
    (error as { code?: unknown; driverError?: { code?: unknown } })?.code ??
    (error as { driverError?: { code?: unknown } })?.driverError?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}
