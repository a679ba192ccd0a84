import PDFDocument from 'pdfkit';
import type { Party } from '@taxchain/contracts';
import type { PdfFonts } from './pdf-fonts';
import { drawItemsTable } from './invoice-items-table';
import { PdfText } from './pdf-text';
import {
  CONTENT_WIDTH,
  FRAME_COLOR,
  PAGE,
  RED_LETTER_COLOR,
  frameBox,
  frameLine,
  type Doc,
} from './pdf-page';
import type { PrintedInvoice } from './printed-invoice';

/** Everything printed on the page. */
export interface PrintablePage {
  printed: PrintedInvoice;
  qrPng: Buffer;
  /** The ledger entry that issued the document, and where to verify it. */
  entryHash: string;
  verifyUrl: string;
}

const { margin: MARGIN } = PAGE;
const QR_SIZE = 84;
const PARTIES_HEIGHT = 70;
const GROSS_HEIGHT = 26;
const LABEL_COLUMN = 22;
/** Height below the item table on its last page: 价税合计, 备注 and the lines under the frame. */
const TAIL_HEIGHT = GROSS_HEIGHT + 60 + 80;

/** Lays out one document as a 数电票 on A4 pages and returns the PDF bytes. */
export function renderInvoicePdf(page: PrintablePage, fonts: PdfFonts): Promise<Buffer> {
  const { printed } = page;
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    // The 作废 watermark goes over every page once the content is laid out.
    bufferPages: true,
    info: {
      Title: `${printed.title} ${printed.header[0][1]}`,
      Author: printed.seller.name,
    },
  });
  const done = collect(doc);
  const text = new PdfText(doc, fonts);
  let y = header(doc, text, page);
  y = parties(doc, text, printed, y);
  y = drawItemsTable(doc, text, printed, y, TAIL_HEIGHT);
  y = gross(doc, text, printed, y);
  y = remarks(doc, text, printed, y);
  footer(text, page, y);
  if (printed.voided) watermark(doc, text);
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

/** QR code top left, the title in the middle, number and date top right. */
function header(doc: Doc, text: PdfText, { printed, qrPng }: PrintablePage): number {
  doc.image(qrPng, MARGIN, MARGIN, { width: QR_SIZE, height: QR_SIZE });
  const titleX = MARGIN + QR_SIZE + 6;
  const titleWidth = 270;
  text.write(printed.title, titleX, MARGIN + 14, {
    size: 18,
    bold: true,
    width: titleWidth,
    align: 'center',
    color: FRAME_COLOR,
  });
  for (const offset of [40, 43])
    frameLine(doc, [titleX + 30, MARGIN + offset], [titleX + titleWidth - 30, MARGIN + offset]);
  if (printed.redLetter)
    text.write('红字发票', titleX, MARGIN + 52, {
      size: 12,
      bold: true,
      width: titleWidth,
      align: 'center',
      color: RED_LETTER_COLOR,
    });
  const labelX = MARGIN + 350;
  printed.header.forEach(([label, value], i) => {
    const y = MARGIN + 10 + i * 16;
    text.write(`${label}：`, labelX, y, { size: 9, color: FRAME_COLOR });
    text.write(value, labelX + 48, y - 0.5, { size: 9.5, bold: i < 2 });
  });
  return MARGIN + QR_SIZE + 12;
}

/** 购买方 on the left, 销售方 on the right, each with its vertical label. */
function parties(doc: Doc, text: PdfText, printed: PrintedInvoice, top: number): number {
  const half = CONTENT_WIDTH / 2;
  frameBox(doc, MARGIN, top, CONTENT_WIDTH, PARTIES_HEIGHT);
  party(doc, text, '购买方信息', printed.buyer, MARGIN, top);
  party(doc, text, '销售方信息', printed.seller, MARGIN + half, top);
  return top + PARTIES_HEIGHT;
}

function party(doc: Doc, text: PdfText, label: string, who: Party, x: number, top: number): void {
  const half = CONTENT_WIDTH / 2;
  frameLine(doc, [x, top], [x, top + PARTIES_HEIGHT]);
  frameLine(doc, [x + LABEL_COLUMN, top], [x + LABEL_COLUMN, top + PARTIES_HEIGHT]);
  verticalLabel(text, label, x, top, PARTIES_HEIGHT);
  const left = x + LABEL_COLUMN + 6;
  const width = half - LABEL_COLUMN - 12;
  text.write('名称：', left, top + 10, { size: 9, color: FRAME_COLOR });
  text.write(who.name, left + 28, top + 9, { size: 10, bold: true, width: width - 28 });
  text.write('统一社会信用代码/纳税人识别号：', left, top + 32, { size: 8, color: FRAME_COLOR });
  text.write(who.taxId, left, top + 47, { size: 10, bold: true, width });
}

/** A section label written top to bottom in the narrow column on the left of a section. */
function verticalLabel(text: PdfText, label: string, x: number, top: number, height: number): void {
  const size = 9;
  const step = Math.min(size + 3, (height - 8) / label.length);
  const start = top + (height - step * label.length) / 2;
  [...label].forEach((char, i) =>
    text.write(char, x, start + i * step, {
      size,
      width: LABEL_COLUMN,
      align: 'center',
      color: FRAME_COLOR,
    }),
  );
}

/** 价税合计（大写）in capital numerals and（小写）in figures. */
function gross(doc: Doc, text: PdfText, printed: PrintedInvoice, top: number): number {
  frameBox(doc, MARGIN, top, CONTENT_WIDTH, GROSS_HEIGHT);
  text.write('价税合计（大写）', MARGIN + 6, top + 8, { size: 9, color: FRAME_COLOR });
  text.write(printed.grossInWords, MARGIN + 100, top + 6.5, { size: 11, bold: true, width: 250 });
  text.write('（小写）', MARGIN + 355, top + 8, { size: 9, color: FRAME_COLOR });
  text.write(printed.grossInFigures, MARGIN + 395, top + 6.5, {
    size: 11,
    bold: true,
    width: CONTENT_WIDTH - 400,
  });
  return top + GROSS_HEIGHT;
}

function remarks(doc: Doc, text: PdfText, printed: PrintedInvoice, top: number): number {
  const height = Math.max(48, 16 + printed.remarks.length * 14);
  frameBox(doc, MARGIN, top, CONTENT_WIDTH, height);
  frameLine(doc, [MARGIN + LABEL_COLUMN, top], [MARGIN + LABEL_COLUMN, top + height]);
  verticalLabel(text, '备注', MARGIN, top, height);
  printed.remarks.forEach((remark, i) =>
    text.write(remark, MARGIN + LABEL_COLUMN + 8, top + 8 + i * 14, {
      size: 9,
      width: CONTENT_WIDTH - LABEL_COLUMN - 16,
    }),
  );
  return top + height;
}

/** 开票人 under the frame, then the ledger entry and where to verify the invoice online. */
function footer(
  text: PdfText,
  { printed, entryHash, verifyUrl }: PrintablePage,
  top: number,
): void {
  text.write('开票人：', MARGIN, top + 8, { size: 9, color: FRAME_COLOR });
  text.write(printed.issuer, MARGIN + 40, top + 8, { size: 9 });
  text.write('账本记录哈希：', MARGIN, top + 30, { size: 8, color: FRAME_COLOR });
  text.write(entryHash, MARGIN + 58, top + 30, { size: 8 });
  text.write('查验网址：', MARGIN, top + 44, { size: 8, color: FRAME_COLOR });
  // 7 pt: the link carries the four facts, and must fit one line for a deployment's usual base URL.
  text.write(verifyUrl, MARGIN + 58, top + 44, { size: 7, width: CONTENT_WIDTH - 58 });
}

/** 作废 across every page of a voided document, over the content and translucent. */
function watermark(doc: Doc, text: PdfText): void {
  for (let page = 0; page < doc.bufferedPageRange().count; page += 1) {
    doc.switchToPage(page);
    doc.save().rotate(-30, { origin: [PAGE.width / 2, PAGE.height / 2 - 60] });
    text.write('作废', 0, PAGE.height / 2 - 150, {
      size: 160,
      bold: true,
      width: PAGE.width,
      align: 'center',
      color: '#cc0000',
      opacity: 0.22,
    });
    doc.restore();
  }
}
