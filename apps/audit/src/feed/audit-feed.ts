import type { INestApplication } from '@nestjs/common';
import { connectLedgerFeed, FeedDatabase } from '@taxchain/ledger';
import type { AppConfig } from '@taxchain/platform';
import { BreakAlarm } from '../verification/break-alarm.service';

/**
 * Connects the ledger feed to the audit handlers. A break the feed finds (gap, broken link)
 * raises the same chain_break alarm as the verifier. Its statements run on the feed's own pool
 * (FeedDatabase: generic plans).
 */
export function connectAuditFeed(app: INestApplication, config: AppConfig): void {
  const alarm = app.get(BreakAlarm);
  connectLedgerFeed(app, config, {
    schema: 'audit',
    dataSource: app.get(FeedDatabase).dataSource,
    onBreak: (found) => alarm.raise(found, 'feed'),
  });
}
