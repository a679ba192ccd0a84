import type { MessageHandler } from '@nestjs/microservices';
import { writesTogether, type SqlStatement } from '@taxchain/platform';

/**
 * `@EventPattern` extras of a feed handler that returns its run's writes (`SqlStatement[]`, to
 * commit together; none if the run changes nothing) instead of running them on `ctx.tx`. The
 * feed runs them with the chain's position move as one statement, so a slice that is one such
 * run, from where this instance left the chain, commits in one round trip instead of four
 * (BEGIN, the move, the writes, COMMIT). Such a handler does not touch `ctx.tx`, and is the only
 * handler of its kind.
 */
export const RETURNS_WRITES = { feedWrites: true } as const;

export function returnsWrites(handler: MessageHandler): boolean {
  return (handler.extras as { feedWrites?: boolean } | undefined)?.feedWrites === true;
}

/** Writes that commit together as one statement, the last one's rows returned. */
export function oneStatement(writes: SqlStatement[]): SqlStatement {
  return writesTogether(writes.slice(0, -1), writes[writes.length - 1]);
}
