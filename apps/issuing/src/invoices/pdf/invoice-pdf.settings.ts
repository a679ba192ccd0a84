import { shippedPdfFonts, type PdfFonts } from './pdf-fonts';

/** Where printed verification links point: the reimbursement service's invoice check. */
export const VERIFY_BASE_URL = 'http://127.0.0.1:3002';

export const INVOICE_PDF_SETTINGS = Symbol('INVOICE_PDF_SETTINGS');

export interface InvoicePdfSettings {
  verifyBaseUrl: string;
  /** The faces embedded in every PDF, read once. */
  fonts: PdfFonts;
}

/** Resolved once at start-up. */
export function invoicePdfSettings(): InvoicePdfSettings {
  return { verifyBaseUrl: VERIFY_BASE_URL, fonts: shippedPdfFonts() };
}
