import type { AppConfig } from '@taxchain/platform';
import { shippedPdfFonts, type PdfFonts } from './pdf-fonts';

export const INVOICE_PDF_SETTINGS = Symbol('INVOICE_PDF_SETTINGS');

export interface InvoicePdfSettings {
  /** Where printed verification links point: the reimbursement service's invoice check. */
  verifyBaseUrl: string;
  /** The faces embedded in every PDF, read once. */
  fonts: PdfFonts;
}

/**
 * Resolved once at start-up: PUBLIC_VERIFY_URL when set, else the reimbursement service on this
 * machine (right for a demo, never for paper handed to a buyer elsewhere).
 */
export function invoicePdfSettings(config: AppConfig): InvoicePdfSettings {
  return {
    verifyBaseUrl: config.PUBLIC_VERIFY_URL ?? `http://127.0.0.1:${config.REIMBURSEMENT_PORT}`,
    fonts: shippedPdfFonts(),
  };
}
