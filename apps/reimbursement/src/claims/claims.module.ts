import { Module } from '@nestjs/common';
import { LedgerModule } from '@taxchain/ledger';
import { InvoicesModule } from '../invoices/invoices.module';
import { ClaimInvoice } from './claim-invoice.usecase';
import { ClaimsExportController } from './claims-export.controller';
import { ClaimsQuery } from './claims-query.service';
import { ClaimsController } from './claims.controller';
import { ClaimsRepository } from './claims.repository';
import { SettleClaim } from './settle-claim.usecase';

/** Claim, complete and release invoices; list and export a company's claims. */
@Module({
  imports: [LedgerModule, InvoicesModule],
  controllers: [ClaimsExportController, ClaimsController],
  providers: [ClaimsRepository, ClaimInvoice, SettleClaim, ClaimsQuery],
})
export class ClaimsModule {}
