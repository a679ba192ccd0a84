/**
 * Platform invoice numbers, 20 digits, laid out like China's fully digitalised e-invoice
 * (全电发票) numbers:
 *
 *   positions 1–2    year of issue (last two digits of issueDate's year)
 *   positions 3–4    province of the seller: first two digits of its tax ID's region (GB/T 2260),
 *                    '00' when the deployment's tax IDs carry no numeric region
 *   position  5      issuing channel: 1 = the merchant API (other channels get other digits)
 *   positions 6–20   a 15-digit sequence from issuing.invoice_number_seq, zero-padded
 *
 * The sequence alone makes numbers unique; the prefix makes them readable at a glance.
 */
export const INVOICE_NUMBER_PATTERN = /^\d{20}$/;
export const API_CHANNEL = '1';
const SEQUENCE_DIGITS = 15;
const MAX_SEQUENCE = 10n ** BigInt(SEQUENCE_DIGITS) - 1n;

export interface InvoiceNumberParts {
  issueDate: string;
  /** The seller's region (six digits for GB 32100 codes; whatever TAX_ID_PATTERN yields). */
  sellerRegion: string;
  sequence: bigint;
  channel?: string;
}

export function formatInvoiceNumber(parts: InvoiceNumberParts): string {
  if (parts.sequence < 1n || parts.sequence > MAX_SEQUENCE)
    throw new RangeError(`invoice sequence ${parts.sequence} is outside 1…${MAX_SEQUENCE}`);
  const year = parts.issueDate.slice(2, 4);
  if (!/^\d{2}$/.test(year)) throw new RangeError(`issueDate ${parts.issueDate} has no year`);
  const province = /^\d{2}/.test(parts.sellerRegion) ? parts.sellerRegion.slice(0, 2) : '00';
  const channel = parts.channel ?? API_CHANNEL;
  return `${year}${province}${channel}${String(parts.sequence).padStart(SEQUENCE_DIGITS, '0')}`;
}
