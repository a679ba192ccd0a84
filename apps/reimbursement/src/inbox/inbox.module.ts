import { Module } from '@nestjs/common';
import { InvoicesModule } from '../invoices/invoices.module';
import { InboxClaimability } from './inbox-claimability';
import { InboxExportController } from './inbox-export.controller';
import { InboxQuery } from './inbox-query.service';
import { InboxController } from './inbox.controller';
import { InboxRepository } from './inbox.repository';

/** A buyer company's inbox: every document naming it as buyer, listed and exported. */
@Module({
  imports: [InvoicesModule],
  controllers: [InboxExportController, InboxController],
  providers: [InboxRepository, InboxQuery, InboxClaimability],
})
export class InboxModule {}
