import type PDFDocument from 'pdfkit';
import type { PdfFonts } from './pdf-fonts';

type Doc = InstanceType<typeof PDFDocument>;

export interface TextStyle {
  size: number;
  bold?: boolean;
  width?: number;
  align?: 'left' | 'center' | 'right';
  color?: string;
  /** Fill opacity, 0 to 1; the page's current one when left out. */
  opacity?: number;
}

const REGULAR = 'regular';
const BOLD = 'bold';

/** Writes one line of text at a position in the embedded faces, cut with … to its width. */
export class PdfText {
  constructor(
    private readonly doc: Doc,
    fonts: PdfFonts,
  ) {
    doc.registerFont(REGULAR, fonts.regular);
    doc.registerFont(BOLD, fonts.bold);
  }

  write(text: string, x: number, y: number, style: TextStyle): void {
    this.doc
      .font(style.bold ? BOLD : REGULAR)
      .fontSize(style.size)
      .fillColor(style.color ?? 'black', style.opacity)
      .text(text, x, y, {
        width: style.width,
        align: style.align ?? 'left',
        lineBreak: false,
        ellipsis: style.width !== undefined,
        height: style.width !== undefined ? style.size * 1.3 : undefined,
      });
  }

  /** Width of the text in points at a size, for laying out what follows it. */
  widthOf(text: string, size: number, bold = false): number {
    return this.doc
      .font(bold ? BOLD : REGULAR)
      .fontSize(size)
      .widthOfString(text);
  }
}
