import { BaseRpcContext } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';

/**
 * What a feed handler gets beside its events: the transaction in which the read model change
 * and the feed position commit together.
 */
export class LedgerFeedContext extends BaseRpcContext<[EntityManager]> {
  get tx(): EntityManager {
    return this.args[0];
  }
}
