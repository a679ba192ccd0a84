import { Inject, Injectable } from '@nestjs/common';
import { LedgerProofs } from '@taxchain/ledger';
import type { InvoiceRecord } from '../invoice-record';
import { InvoiceQueriesService } from '../invoice-queries.service';
import { invoiceQrPayload, renderQrPng, type InvoiceQrPayload } from './invoice-qr';
import { renderInvoicePdf } from './invoice-pdf.renderer';
import { printedInvoice } from './printed-invoice';
import { INVOICE_PDF_SETTINGS, type InvoicePdfSettings } from './invoice-pdf.settings';

/** The printable invoice: the record as issued, with a QR code for checking it. */
@Injectable()
export class InvoicePdfService {
  constructor(
    private readonly queries: InvoiceQueriesService,
    private readonly proofs: LedgerProofs,
    @Inject(INVOICE_PDF_SETTINGS) private readonly settings: InvoicePdfSettings,
  ) {}

  async render(taxId: string, invoiceNumber: string): Promise<Buffer> {
    const invoice = await this.queries.get(taxId, invoiceNumber);
    const payload = await this.qrPayload(invoice);
    return renderInvoicePdf(
      {
        printed: printedInvoice(invoice),
        qrPng: await renderQrPng(payload),
        entryHash: payload.h,
        verifyUrl: payload.u,
      },
      this.settings.fonts,
    );
  }

  /** The QR content, with the checkpoint that covers the issuing entry when one already does. */
  async qrPayload(invoice: InvoiceRecord): Promise<InvoiceQrPayload> {
    const subject = invoice.creditedInvoiceNumber ?? invoice.invoiceNumber;
    const { entries } = await this.proofs.forSubject(subject);
    const issue = entries.find(({ entry }) => entry.entryHash === invoice.entryHash);
    if (!issue) throw new Error(`invoice ${invoice.invoiceNumber} has no issuing ledger entry`);
    return invoiceQrPayload(invoice, issue, this.settings.verifyBaseUrl);
  }
}
