import type { InvoiceLine, Party } from '@taxchain/contracts';
import type { InvoiceRecord } from '../invoice-record';
import { capitalAmount, formatDecimal, formatMinorUnits, formatRate } from './money';

/** One row of the item table, every cell as printed. */
export interface PrintedLine {
  /** 项目名称: the line's description, with its *分类简称* prefix when the merchant wrote one. */
  name: string;
  /** 规格型号 and 单位: the signed document (taxchain.invoice.v1) has neither, so they print empty. */
  model: string;
  unit: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  rate: string;
  tax: string;
}

/** An invoice or credit note as its 数电票 page reads, every value already in print form. */
export interface PrintedInvoice {
  /** 电子发票（普通发票）or 电子发票（增值税专用发票）. */
  title: string;
  redLetter: boolean;
  voided: boolean;
  /** 发票号码, 开票日期, then the platform's own references, top right. */
  header: Array<[label: string, value: string]>;
  buyer: Party;
  seller: Party;
  lines: PrintedLine[];
  /** 合计: the net and tax columns' totals, with the currency sign. */
  netTotal: string;
  taxTotal: string;
  /** 价税合计（大写）and（小写）. */
  grossInWords: string;
  grossInFigures: string;
  remarks: string[];
  /** 开票人: the platform knows the merchant key that signed the document, not a person. */
  issuer: string;
}

export const SPECIAL_VAT = '增值税专用发票';
export const ORDINARY = '普通发票';

/**
 * The 数电票 type an invoice prints as. A special VAT invoice (专票) is the one a buyer deducts
 * input VAT with, so it goes to a buyer registered on the platform (a company that claims its
 * invoices here) and only when every line is taxed: tax-exempt (0 %) items never go on a 专票.
 * Anything else is an ordinary invoice (普票). A credit note prints the type its own buyer and
 * lines give, which is the credited invoice's unless the buyer registered in between.
 */
export function fapiaoType(
  invoice: Pick<InvoiceRecord, 'buyerRegistered'> & {
    document: { lines: Pick<InvoiceLine, 'taxRate'>[] };
  },
): string {
  const taxed = invoice.document.lines.every((line) => /[1-9]/.test(line.taxRate));
  return invoice.buyerRegistered && taxed ? SPECIAL_VAT : ORDINARY;
}

/** 2026-12-05 → 2026年12月05日, as a 数电票 dates itself. */
export function chineseDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${year}年${month}月${day}日`;
}

/**
 * Everything printed on the page. A credit note (红字发票) prints its quantities and amounts
 * negative, as a red-letter 数电票 does (the signed document holds them positive), and names the
 * blue invoice it reverses in 备注.
 */
export function printedInvoice(invoice: InvoiceRecord): PrintedInvoice {
  const redLetter = invoice.kind === 'credit-note';
  const sign = redLetter ? -1n : 1n;
  const money = (minor: string) =>
    `${currencySign(invoice.currency)}${formatMinorUnits(sign * BigInt(minor))}`;
  const gross = sign * BigInt(invoice.gross);
  const remarks =
    redLetter && invoice.creditedInvoiceNumber
      ? [`被红冲蓝字发票号码：${invoice.creditedInvoiceNumber}`]
      : [];
  return {
    title: `电子发票（${fapiaoType(invoice)}）`,
    redLetter,
    voided: invoice.status === 'voided',
    header: [
      ['发票号码', invoice.invoiceNumber],
      ['开票日期', chineseDate(invoice.issueDate)],
      ['校验码', invoice.checkCode],
      ['单据号', invoice.documentNumber],
    ],
    buyer: invoice.document.buyer,
    seller: invoice.document.seller,
    lines: invoice.document.lines.map((line) => printedLine(line, sign)),
    netTotal: money(invoice.net),
    taxTotal: money(invoice.tax),
    grossInWords: grossInWords(gross, invoice.currency),
    grossInFigures: `${currencySign(invoice.currency)}${formatMinorUnits(gross)}`,
    remarks,
    issuer: `签名密钥 ${invoice.document.keyId}`,
  };
}

function printedLine(line: InvoiceLine, sign: bigint): PrintedLine {
  return {
    name: line.description,
    model: '',
    unit: '',
    quantity: sign < 0n ? `-${line.quantity}` : line.quantity,
    unitPrice: formatDecimal(line.unitPrice),
    amount: formatMinorUnits(sign * BigInt(line.amount)),
    rate: formatRate(line.taxRate),
    tax: formatMinorUnits(sign * BigInt(line.tax)),
  };
}

/** ¥ for renminbi; any other currency is named by its ISO 4217 code. */
function currencySign(currency: string): string {
  return currency === 'CNY' ? '¥' : `${currency} `;
}

/** The capitals count 元, 角 and 分, so another currency's code goes in front of them. */
function grossInWords(gross: bigint, currency: string): string {
  const words = capitalAmount(gross);
  return currency === 'CNY' ? words : `（${currency}）${words}`;
}
