// PostgreSQL SQLSTATE classes meaning "the server is not there right now".
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08006',
]);
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
]);
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Connection is not established/i,
  /Driver not Connected/i,
  /Query read timeout/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];
// TypeORM releases a query runner when its connection fails (the pg client's 'error' event);
// the transaction's next query then throws one of these instead of the connection error.
const RELEASED_BY_CONNECTION_LOSS = new Set([
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
]);

/** True when an error means a dependency is briefly unreachable: answer 503, not 500. */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const withCode = error as Error & { code?: unknown; driverError?: unknown; cause?: unknown };
  const code = typeof withCode.code === 'string' ? withCode.code : undefined;
  if (code && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code))) return true;
  if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message))) return true;
  if (RELEASED_BY_CONNECTION_LOSS.has(error.name)) return true;
  return isUnavailable(withCode.driverError) || isUnavailable(withCode.cause);
}
