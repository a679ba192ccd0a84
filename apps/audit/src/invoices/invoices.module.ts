import { Module } from '@nestjs/common';
import { LedgerModule } from '@taxchain/ledger';
import { InvoicesExportController } from './invoices-export.controller';
import { InvoicesQuery } from './invoices-query.service';
import { InvoicesController } from './invoices.controller';
import { InvoicesRepository } from './invoices.repository';

/** The invoice read model and the officials' search, trail and export. */
@Module({
  imports: [LedgerModule],
  controllers: [InvoicesController, InvoicesExportController],
  providers: [InvoicesRepository, InvoicesQuery],
  exports: [InvoicesRepository],
})
export class InvoicesModule {}
