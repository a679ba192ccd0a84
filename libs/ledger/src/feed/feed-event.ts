import type { Logger } from '@nestjs/common';
import type { z } from 'zod';
import type { LedgerEntry } from '../ledger-entry';

/** One ledger entry as a feed handler gets it: the entry, and its payload parsed (unchecked). */
export interface FeedEvent {
  entry: LedgerEntry;
  payload: unknown;
}

/** A feed entry whose payload fits a handler's schema, as that schema parsed it. */
export interface ParsedFeedEvent<E> {
  entry: LedgerEntry;
  event: E;
}

/**
 * A run's payloads checked against a handler's schema. One that does not fit is logged and
 * skipped: it is in the ledger forever, and refusing it would stop its chain for every later
 * entry.
 */
export function parseFeedEvents<S extends z.ZodType>(
  schema: S,
  events: FeedEvent[],
  logger: Logger,
): Array<ParsedFeedEvent<z.infer<S>>> {
  const parsed: Array<ParsedFeedEvent<z.infer<S>>> = [];
  for (const { entry, payload } of events) {
    const result = schema.safeParse(payload);
    if (result.success) parsed.push({ entry, event: result.data });
    else
      logger.error(
        `${entry.kind} at chain ${entry.chain} seq ${entry.seq} skipped: ${result.error.message}`,
      );
  }
  return parsed;
}
