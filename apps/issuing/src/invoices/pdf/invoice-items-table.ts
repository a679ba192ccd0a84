import type { PdfText } from './pdf-text';
import type { PrintedInvoice, PrintedLine } from './printed-invoice';
import { CONTENT_WIDTH, FRAME_COLOR, PAGE, PAGE_BOTTOM, frameBox, type Doc } from './pdf-page';

interface Column {
  title: string;
  cell: keyof PrintedLine;
  width: number;
  align: 'left' | 'center' | 'right';
}

/** The 数电票 item table's columns, left to right; their widths fill the content width. */
const COLUMNS: readonly Column[] = [
  { title: '项目名称', cell: 'name', width: 127, align: 'left' },
  { title: '规格型号', cell: 'model', width: 50, align: 'left' },
  { title: '单位', cell: 'unit', width: 30, align: 'center' },
  { title: '数量', cell: 'quantity', width: 45, align: 'right' },
  { title: '单价', cell: 'unitPrice', width: 65, align: 'right' },
  { title: '金额', cell: 'amount', width: 70, align: 'right' },
  { title: '税率/征收率', cell: 'rate', width: 58, align: 'right' },
  { title: '税额', cell: 'tax', width: 70.28, align: 'right' },
];
const HEADER_HEIGHT = 20;
const ROW_HEIGHT = 16;
const TOTAL_HEIGHT = 18;
/** The table keeps room for this many rows, so a one-line invoice still looks like a form. */
const MIN_ROWS = 4;

/**
 * Draws the item table with its 合计 row from `top` and returns where it ends. Lines that do not
 * fit go on to the next page under a repeated header; `tail` is the height that must still fit
 * below the 合计 row on the last page.
 */
export function drawItemsTable(
  doc: Doc,
  text: PdfText,
  printed: PrintedInvoice,
  top: number,
  tail: number,
): number {
  let sectionTop = top;
  let y = columnHeader(text, top);
  for (const line of printed.lines) {
    if (y + ROW_HEIGHT > PAGE_BOTTOM) {
      frameBox(doc, PAGE.margin, sectionTop, CONTENT_WIDTH, y - sectionTop);
      doc.addPage();
      sectionTop = PAGE.margin;
      y = columnHeader(text, sectionTop);
    }
    row(text, line, y);
    y += ROW_HEIGHT;
  }
  y = Math.max(y, top + HEADER_HEIGHT + MIN_ROWS * ROW_HEIGHT);
  if (y + TOTAL_HEIGHT + tail > PAGE_BOTTOM) {
    frameBox(doc, PAGE.margin, sectionTop, CONTENT_WIDTH, y - sectionTop);
    doc.addPage();
    sectionTop = PAGE.margin;
    y = PAGE.margin;
  }
  totalRow(text, printed, y);
  y += TOTAL_HEIGHT;
  frameBox(doc, PAGE.margin, sectionTop, CONTENT_WIDTH, y - sectionTop);
  return y;
}

function columnHeader(text: PdfText, top: number): number {
  eachColumn((column, x) =>
    text.write(column.title, x, top + 6, {
      size: 9,
      width: column.width - 4,
      align: 'center',
      color: FRAME_COLOR,
    }),
  );
  return top + HEADER_HEIGHT;
}

function row(text: PdfText, line: PrintedLine, y: number): void {
  eachColumn((column, x) =>
    text.write(line[column.cell], x, y + 4, {
      size: 8.5,
      width: column.width - 4,
      align: column.align,
    }),
  );
}

function totalRow(text: PdfText, printed: PrintedInvoice, y: number): void {
  text.write('合计', PAGE.margin + 2, y + 5, {
    size: 9,
    width: COLUMNS[0].width - 4,
    align: 'center',
    color: FRAME_COLOR,
  });
  eachColumn((column, x) => {
    const value = { amount: printed.netTotal, tax: printed.taxTotal }[column.cell as string];
    if (value)
      text.write(value, x - 30, y + 5, {
        size: 9,
        bold: true,
        width: column.width + 26,
        align: 'right',
      });
  });
}

/** Calls `draw` with each column and the x its text starts at (2 pt inside the cell). */
function eachColumn(draw: (column: Column, x: number) => void): void {
  let x = PAGE.margin;
  for (const column of COLUMNS) {
    draw(column, x + 2);
    x += column.width;
  }
}
