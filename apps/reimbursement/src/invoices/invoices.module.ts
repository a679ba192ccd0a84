import { Module } from '@nestjs/common';
import { LedgerModule } from '@taxchain/ledger';
import { InvoiceLock } from './invoice-lock';
import { InvoicesController } from './invoices.controller';
import { InvoicesRepository } from './invoices.repository';
import { LedgerDocuments } from './ledger-documents';
import { LedgerInvoiceFactsReader } from './ledger-invoice-facts';
import { MerchantSignatures } from './merchant-signatures';
import { VerifyInvoice } from './verify-invoice.service';

/** The invoices read model and what buyers verify against it. */
@Module({
  imports: [LedgerModule],
  controllers: [InvoicesController],
  providers: [
    InvoicesRepository,
    InvoiceLock,
    LedgerInvoiceFactsReader,
    LedgerDocuments,
    VerifyInvoice,
    MerchantSignatures,
  ],
  exports: [
    InvoicesRepository,
    InvoiceLock,
    LedgerInvoiceFactsReader,
    MerchantSignatures,
    LedgerDocuments,
  ],
})
export class InvoicesModule {}
