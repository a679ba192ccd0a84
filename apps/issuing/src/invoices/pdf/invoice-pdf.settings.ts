import { findCjkFont, type CjkFontFile } from './cjk-font';

/** Where printed verification links point: the reimbursement service's invoice check. */
export const VERIFY_BASE_URL = 'http://127.0.0.1:3002';

export const INVOICE_PDF_SETTINGS = Symbol('INVOICE_PDF_SETTINGS');

export interface InvoicePdfSettings {
  verifyBaseUrl: string;
  /** The CJK font embedded in every PDF; undefined leaves Chinese glyphs to the viewer. */
  cjkFont?: CjkFontFile;
}

/** Resolved once at start-up, so a bad TAXCHAIN_PDF_FONT fails fast. */
export function invoicePdfSettings(): InvoicePdfSettings {
  return { verifyBaseUrl: VERIFY_BASE_URL, cjkFont: findCjkFont() };
}
