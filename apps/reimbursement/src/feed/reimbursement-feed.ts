import type { INestApplication } from '@nestjs/common';
import { connectLedgerFeed, FeedDatabase } from '@taxchain/ledger';
import type { AppConfig } from '@taxchain/platform';

/**
 * Connects the ledger feed to the reimbursement read model's @EventPattern handlers. Its
 * statements run on the feed's own pool (FeedDatabase: generic plans).
 */
export function connectReimbursementFeed(app: INestApplication, config: AppConfig): void {
  connectLedgerFeed(app, config, {
    schema: 'reimbursement',
    dataSource: app.get(FeedDatabase).dataSource,
  });
}
