import PDFDocument from 'pdfkit';
import type { InvoiceLine } from '@taxchain/contracts';
import type { InvoiceRecord } from '../invoice-record';
import type { PdfFonts } from './pdf-fonts';
import { formatMinorUnits, formatRate } from './money';
import { PdfText } from './pdf-text';

type Doc = InstanceType<typeof PDFDocument>;

/** Everything printed on the page. */
export interface PrintableInvoice {
  invoice: InvoiceRecord;
  qrPng: Buffer;
  verifyUrl: string;
}

const MARGIN = 40;
const PAGE_WIDTH = 595.28; // A4
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const QR_SIZE = 120;
const ROW_HEIGHT = 18;
/** Table columns: x offset from the margin, width, alignment. */
const COLUMNS = [
  { title: '项目 Description', x: 0, width: 190, align: 'left' },
  { title: '数量 Qty', x: 190, width: 50, align: 'right' },
  { title: '单价 Unit price', x: 245, width: 75, align: 'right' },
  { title: '金额 Amount', x: 325, width: 70, align: 'right' },
  { title: '税率 Rate', x: 400, width: 40, align: 'right' },
  { title: '税额 Tax', x: 445, width: 70, align: 'right' },
] as const;

/** Lays out one invoice on A4 pages and returns the PDF bytes. */
export function renderInvoicePdf(printable: PrintableInvoice, fonts: PdfFonts): Promise<Buffer> {
  const { invoice } = printable;
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    // The VOIDED watermark goes over every page once the content is laid out.
    bufferPages: true,
    info: {
      Title: `${invoice.kind === 'invoice' ? 'Invoice' : 'Credit note'} ${invoice.invoiceNumber}`,
      Author: invoice.document.seller.name,
      Subject: `Check code ${invoice.checkCode}`,
    },
  });
  const done = collect(doc);
  const text = new PdfText(doc, fonts);
  let y = header(doc, text, printable);
  y = parties(doc, text, invoice, y);
  y = lines(doc, text, invoice, y);
  y = totals(doc, text, invoice, y);
  footer(text, printable, y);
  if (invoice.status === 'voided') watermark(doc);
  doc.end();
  return done;
}

function collect(doc: Doc): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

function header(doc: Doc, text: PdfText, { invoice, qrPng }: PrintableInvoice): number {
  const credit = invoice.kind === 'credit-note';
  const title = credit ? '红字电子发票 / Credit note' : '电子发票 / Electronic invoice';
  text.write(title, MARGIN, MARGIN, { size: 18, bold: true, color: credit ? '#b00020' : 'black' });
  doc.image(qrPng, PAGE_WIDTH - MARGIN - QR_SIZE, MARGIN, { width: QR_SIZE, height: QR_SIZE });
  const meta: Array<[string, string]> = [
    ['发票号码 Invoice number', invoice.invoiceNumber],
    ['开票日期 Issue date', invoice.issueDate],
    ['校验码 Check code', invoice.checkCode],
    ['单据号 Document number', invoice.documentNumber],
    ['状态 Status', invoice.status === 'voided' ? '已作废 VOIDED' : '正常 Issued'],
  ];
  if (invoice.creditedInvoiceNumber)
    meta.push(['原发票 Credits invoice', invoice.creditedInvoiceNumber]);
  let y = MARGIN + 34;
  for (const [label, value] of meta) {
    text.write(label, MARGIN, y, { size: 9, color: '#555555' });
    text.write(value, MARGIN + 150, y, { size: 10, bold: true });
    y += 15;
  }
  return Math.max(y, MARGIN + QR_SIZE) + 14;
}

function parties(doc: Doc, text: PdfText, invoice: InvoiceRecord, top: number): number {
  const half = CONTENT_WIDTH / 2;
  const boxes = [
    { label: '销售方 Seller', party: invoice.document.seller, x: MARGIN },
    { label: '购买方 Buyer', party: invoice.document.buyer, x: MARGIN + half },
  ];
  for (const { label, party, x } of boxes) {
    doc
      .rect(x, top, half - 6, 58)
      .strokeColor('#999999')
      .lineWidth(0.5)
      .stroke();
    text.write(label, x + 8, top + 6, { size: 9, color: '#555555' });
    text.write(party.name, x + 8, top + 20, { size: 11, bold: true, width: half - 22 });
    text.write(`纳税人识别号 Tax ID: ${party.taxId}`, x + 8, top + 39, { size: 9 });
  }
  return top + 72;
}

function lines(doc: Doc, text: PdfText, invoice: InvoiceRecord, top: number): number {
  doc.rect(MARGIN, top, CONTENT_WIDTH, ROW_HEIGHT).fillColor('#eeeeee').fill();
  for (const column of COLUMNS)
    text.write(column.title, MARGIN + column.x + 2, top + 5, {
      size: 8,
      bold: true,
      width: column.width - 4,
      align: column.align,
    });
  let y = top + ROW_HEIGHT;
  for (const line of invoice.document.lines) {
    if (y > 760) {
      doc.addPage();
      y = MARGIN;
    }
    lineRow(text, line, y);
    doc
      .moveTo(MARGIN, y + ROW_HEIGHT)
      .lineTo(MARGIN + CONTENT_WIDTH, y + ROW_HEIGHT)
      .strokeColor('#dddddd')
      .lineWidth(0.5)
      .stroke();
    y += ROW_HEIGHT;
  }
  return y + 10;
}

function lineRow(text: PdfText, line: InvoiceLine, y: number): void {
  const cells = [
    line.description,
    line.quantity,
    line.unitPrice,
    formatMinorUnits(line.amount),
    formatRate(line.taxRate),
    formatMinorUnits(line.tax),
  ];
  COLUMNS.forEach((column, i) =>
    text.write(cells[i], MARGIN + column.x + 2, y + 5, {
      size: 9,
      width: column.width - 4,
      align: column.align,
    }),
  );
}

function totals(doc: Doc, text: PdfText, invoice: InvoiceRecord, top: number): number {
  const rows: Array<[string, string]> = [
    ['合计金额 Net', invoice.net],
    ['合计税额 Tax', invoice.tax],
    ['价税合计 Gross', invoice.gross],
  ];
  let y = top;
  for (const [label, minor] of rows) {
    const gross = label.endsWith('Gross');
    text.write(label, MARGIN + 280, y, { size: 10, bold: gross });
    text.write(`${invoice.currency} ${formatMinorUnits(minor)}`, MARGIN + 385, y, {
      size: gross ? 12 : 10,
      bold: gross,
      width: CONTENT_WIDTH - 385,
      align: 'right',
    });
    y += gross ? 20 : 15;
  }
  doc
    .moveTo(MARGIN + 280, y)
    .lineTo(MARGIN + CONTENT_WIDTH, y)
    .strokeColor('#999999')
    .stroke();
  return y + 16;
}

function footer(text: PdfText, { invoice, verifyUrl }: PrintableInvoice, top: number): void {
  text.write('账本记录哈希 Ledger entry hash', MARGIN, top, { size: 8, color: '#555555' });
  text.write(invoice.entryHash ?? '(pending)', MARGIN, top + 12, { size: 8 });
  text.write('查验 Verify', MARGIN, top + 28, { size: 8, color: '#555555' });
  text.write(verifyUrl, MARGIN, top + 40, { size: 8, width: CONTENT_WIDTH });
}

function watermark(doc: Doc): void {
  for (let page = 0; page < doc.bufferedPageRange().count; page += 1) {
    doc.switchToPage(page);
    doc
      .save()
      .rotate(-35, { origin: [PAGE_WIDTH / 2, 420] })
      .font('Helvetica-Bold')
      .fontSize(110)
      .fillColor('#cc0000')
      .fillOpacity(0.22)
      .text('VOIDED', 0, 360, { width: PAGE_WIDTH, align: 'center', lineBreak: false })
      .restore();
  }
}
