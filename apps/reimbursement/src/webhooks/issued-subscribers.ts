import { Injectable } from '@nestjs/common';
import type { LedgerEntry } from '@taxchain/ledger';
import { WebhooksRepository } from './webhooks.repository';

/**
 * The companies with an endpoint subscribed to invoice.issued, so that the feed builds that
 * message only for their invoices. Most buyers have none, and each body built for them was
 * serialised, sent to PostgreSQL and dropped there by the join with the endpoints.
 *
 * The set is only a guess: it is read once, and a company may register an endpoint at any time
 * after. The statement that queues a run's messages checks, on its own snapshot, that no company
 * whose message was left out has such an endpoint (`WebhooksRepository.enqueueStatement`), and
 * fails whole if one does; the feed then takes the run again at once (`unbuiltMessageRefused`),
 * and a run taken again is built against the set read anew. So a run queues what it queued when
 * every body was built: a delivery to every endpoint registered before its statement, none
 * missed. A company that removed its endpoints stays in the set until the next read: its bodies
 * are built and dropped, as before.
 */
@Injectable()
export class IssuedSubscribers {
  private companies?: Set<string>;
  /** The first seq of the last run asked for, per chain: the same again is a run taken again. */
  private readonly lastRun = new Map<number, number>();

  constructor(private readonly webhooks: WebhooksRepository) {}

  /** The set to build a run against, the run named by its first entry. */
  async forRun(first: LedgerEntry): Promise<ReadonlySet<string>> {
    if (!this.companies || this.lastRun.get(first.chain) === first.seq)
      this.companies = new Set(await this.webhooks.companiesSubscribedTo('invoice.issued'));
    this.lastRun.set(first.chain, first.seq);
    return this.companies;
  }
}
