import type { INestApplication } from '@nestjs/common';
import { connectLedgerFeed } from '@taxchain/ledger';
import type { AppConfig } from '@taxchain/platform';

/** Connects the ledger feed to the reimbursement read model's @EventPattern handlers. */
export function connectReimbursementFeed(app: INestApplication, config: AppConfig): void {
  connectLedgerFeed(app, config, { schema: 'reimbursement' });
}
