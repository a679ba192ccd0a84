/**
 * Whether a feed statement failed because a company whose messages the run left out, taken for
 * one without an endpoint, had one registered on the statement's snapshot: its delivery row has
 * no body, and webhook_deliveries.body's NOT NULL refuses the statement whole
 * (`WebhooksRepository.enqueueStatement`). The run is then built again against the companies
 * read anew (`IssuedSubscribers`), which is what the feed does for a handler that names this.
 */
export function unbuiltMessageRefused(error: unknown): boolean {
  const failed = error as { driverError?: PostgresError } | undefined;
  const cause = failed?.driverError ?? (error as PostgresError | undefined);
  return (
    cause?.code === NOT_NULL_VIOLATION &&
    cause.table === 'webhook_deliveries' &&
    cause.column === 'body'
  );
}

const NOT_NULL_VIOLATION = '23502';

interface PostgresError {
  code?: string;
  table?: string;
  column?: string;
}
