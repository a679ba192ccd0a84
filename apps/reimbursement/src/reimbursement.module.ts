import { DynamicModule, Module } from '@nestjs/common';
import { LedgerModule } from '@taxchain/ledger';
import { PlatformModule, type AppConfig } from '@taxchain/platform';
import { ClaimsModule } from './claims/claims.module';
import { FeedModule } from './feed/feed.module';
import { InboxModule } from './inbox/inbox.module';
import { InvoicesModule } from './invoices/invoices.module';
import { PublicCheckModule } from './public-check/public-check.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class ReimbursementModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ReimbursementModule,
      imports: [
        PlatformModule.forService(config),
        LedgerModule,
        InvoicesModule,
        FeedModule,
        ClaimsModule,
        InboxModule,
        PublicCheckModule,
        WebhooksModule,
      ],
    };
  }
}
