import { Module } from '@nestjs/common';
import { LedgerModule } from '@taxchain/ledger';
import { APP_CONFIG } from '@taxchain/platform';
import { KeysModule } from '../keys/keys.module';
import { InvoiceBatchController } from './batch/invoice-batch.controller';
import { IssueBatchService } from './batch/issue-batch.service';
import { CreditInvoiceService } from './credit-invoice.service';
import { DEFAULT_TAX_RATES } from './invoice-rules';
import { InvoiceChecks, TAX_RATES } from './invoice-checks.service';
import { InvoiceQueriesService } from './invoice-queries.service';
import { InvoiceSequence } from './invoice-sequence';
import { InvoiceWriter } from './invoice-writer';
import { InvoicesController } from './invoices.controller';
import { InvoicesRepository } from './invoices.repository';
import { InvoicePdfController } from './pdf/invoice-pdf.controller';
import { InvoicePdfService } from './pdf/invoice-pdf.service';
import { INVOICE_PDF_SETTINGS, invoicePdfSettings } from './pdf/invoice-pdf.settings';
import { IssueInvoiceService } from './issue-invoice.service';
import { ReimbursementState } from './reimbursement-state';
import { VoidInvoiceService } from './void-invoice.service';

/** Issuing, reading, voiding and crediting merchant-signed invoices. */
@Module({
  imports: [LedgerModule, KeysModule],
  // The PDF routes first: `:number` would otherwise also match `{number}.pdf`.
  controllers: [InvoicePdfController, InvoiceBatchController, InvoicesController],
  providers: [
    // The platform's config schema has no tax-rate setting yet: the default set, replaceable here.
    { provide: TAX_RATES, useValue: DEFAULT_TAX_RATES },
    InvoicesRepository,
    InvoiceChecks,
    InvoiceWriter,
    InvoiceSequence,
    ReimbursementState,
    IssueInvoiceService,
    IssueBatchService,
    CreditInvoiceService,
    VoidInvoiceService,
    InvoiceQueriesService,
    { provide: INVOICE_PDF_SETTINGS, useFactory: invoicePdfSettings, inject: [APP_CONFIG] },
    InvoicePdfService,
  ],
})
export class InvoicesModule {}
