import { BaseRpcContext } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import type { LedgerEntry } from '../ledger-entry';

/**
 * What a feed handler gets beside the payload: the entry it came in, and the
 * transaction in which the read model change and the feed position commit together.
 */
export class LedgerFeedContext extends BaseRpcContext<[EntityManager, LedgerEntry]> {
  get tx(): EntityManager {
    return this.args[0];
  }

  get entry(): LedgerEntry {
    return this.args[1];
  }
}
