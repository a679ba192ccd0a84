import { Inject, Injectable } from '@nestjs/common';
import { AuthorityKeys, LedgerProofs } from '@taxchain/ledger';
import {
  type InvoiceQr,
  invoiceCheckUrl,
  invoiceQrText,
  signInvoiceQr,
} from '@taxchain/ledger/qr/invoice-qr';
import type { InvoiceRecord } from '../invoice-record';
import { InvoiceQueriesService } from '../invoice-queries.service';
import { invoiceStatement } from '@taxchain/ledger/qr/invoice-statement';
import { renderQrPng } from './qr-png';
import { renderInvoicePdf } from './invoice-pdf.renderer';
import { printedInvoice } from './printed-invoice';
import { INVOICE_PDF_SETTINGS, type InvoicePdfSettings } from './invoice-pdf.settings';

/** The printable invoice: the record as issued, with a QR code for checking it. */
@Injectable()
export class InvoicePdfService {
  constructor(
    private readonly queries: InvoiceQueriesService,
    private readonly proofs: LedgerProofs,
    private readonly authority: AuthorityKeys,
    @Inject(INVOICE_PDF_SETTINGS) private readonly settings: InvoicePdfSettings,
  ) {}

  async render(taxId: string, invoiceNumber: string): Promise<Buffer> {
    const invoice = await this.queries.get(taxId, invoiceNumber);
    const qr = await this.qrPayload(invoice);
    return renderInvoicePdf(
      {
        printed: printedInvoice(invoice),
        qrPng: await renderQrPng(invoiceQrText(qr)),
        entryHash: qr.h,
        verifyUrl: invoiceCheckUrl(qr),
      },
      this.settings.fonts,
    );
  }

  /** The QR content: the authority's statement about the ledger entry that issued the invoice. */
  async qrPayload(invoice: InvoiceRecord): Promise<InvoiceQr> {
    const subject = invoice.creditedInvoiceNumber ?? invoice.invoiceNumber;
    const { entries } = await this.proofs.forSubject(subject);
    const issue = entries.find(({ entry }) => entry.entryHash === invoice.entryHash);
    if (!issue) throw new Error(`invoice ${invoice.invoiceNumber} has no issuing ledger entry`);
    const key = this.authority.current;
    return signInvoiceQr(
      invoiceStatement(issue.entry, this.settings.verifyBaseUrl, key.keyId),
      key,
    );
  }
}
