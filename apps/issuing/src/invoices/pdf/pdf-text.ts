import type PDFDocument from 'pdfkit';
import type { CjkFontFile } from './cjk-font';

type Doc = InstanceType<typeof PDFDocument>;

export interface TextStyle {
  size: number;
  bold?: boolean;
  width?: number;
  align?: 'left' | 'center' | 'right';
  color?: string;
}

const EMBEDDED = 'cjk';
const STANDARD_CJK = 'FCJK';
/** Ascent of STSong-Light in thousandths of an em: from the top of the line to the baseline. */
const STANDARD_ASCENT = 0.88;
/** Characters Helvetica's WinAnsi encoding can show; anything else needs the CJK font. */
const WIN_ANSI = /^[\x20-\x7e\u00a0-\u00ff]*$/;

/**
 * Writes one line of text at a position, in whichever font can show it: the embedded CJK font
 * when there is one, else Helvetica for Latin text and the standard, non-embedded Adobe-GB1
 * font for Chinese (UniGB-UTF16-H: the content carries Unicode, so text extraction works).
 */
export class PdfText {
  private standardCjk?: ReturnType<Doc['ref']>;

  constructor(
    private readonly doc: Doc,
    private readonly font: CjkFontFile | undefined,
  ) {
    if (font) doc.registerFont(EMBEDDED, font.path, font.family);
  }

  /** True when CJK glyphs are embedded rather than left to the viewer. */
  get embedsCjk(): boolean {
    return this.font !== undefined;
  }

  write(text: string, x: number, y: number, style: TextStyle): void {
    if (this.font || WIN_ANSI.test(text)) this.writeWithPdfkit(text, x, y, style);
    else this.writeStandardCjk(text, x, y, style);
  }

  /** Estimated width of the text in points, for the standard CJK font's full- and half-widths. */
  private standardWidth(text: string, size: number): number {
    return [...text].reduce((sum, ch) => sum + (ch.charCodeAt(0) < 0x80 ? 0.5 : 1) * size, 0);
  }

  private writeWithPdfkit(text: string, x: number, y: number, style: TextStyle): void {
    const font = this.font ? EMBEDDED : style.bold ? 'Helvetica-Bold' : 'Helvetica';
    this.doc
      .font(font)
      .fontSize(style.size)
      .fillColor(style.color ?? 'black')
      .text(text, x, y, {
        width: style.width,
        align: style.align ?? 'left',
        lineBreak: false,
        ellipsis: style.width !== undefined,
        height: style.width !== undefined ? style.size * 1.3 : undefined,
      });
  }

  private writeStandardCjk(text: string, x: number, y: number, style: TextStyle): void {
    const { size, width } = style;
    let shown = text;
    if (width !== undefined)
      while (shown.length > 1 && this.standardWidth(shown, size) > width)
        shown = shown.slice(0, -1);
    const free = width === undefined ? 0 : width - this.standardWidth(shown, size);
    const left = style.align === 'right' ? x + free : style.align === 'center' ? x + free / 2 : x;
    const hex = Buffer.from(shown, 'utf16le').swap16().toString('hex');
    const baseline = y + size * STANDARD_ASCENT;
    (this.doc.page.fonts as Record<string, unknown>)[STANDARD_CJK] = this.standardFont();
    this.doc.fillColor(style.color ?? 'black');
    // pdfkit flips the y axis; the text matrix flips it back so glyphs stand upright.
    this.doc.addContent(
      `BT /${STANDARD_CJK} ${size} Tf 1 0 0 -1 ${left.toFixed(2)} ${baseline.toFixed(2)} Tm <${hex}> Tj ET`,
    );
  }

  private standardFont(): ReturnType<Doc['ref']> {
    if (this.standardCjk) return this.standardCjk;
    const descriptor = this.doc.ref({
      Type: 'FontDescriptor',
      FontName: 'STSong-Light',
      Flags: 6,
      FontBBox: [-25, -254, 1000, 880],
      ItalicAngle: 0,
      Ascent: 880,
      Descent: -120,
      CapHeight: 880,
      StemV: 93,
    });
    descriptor.end(null);
    const descendant = this.doc.ref({
      Type: 'Font',
      Subtype: 'CIDFontType0',
      BaseFont: 'STSong-Light',
      // pdfkit writes String objects as PDF strings, plain strings as names.
      CIDSystemInfo: { Registry: new String('Adobe'), Ordering: new String('GB1'), Supplement: 4 },
      FontDescriptor: descriptor,
      DW: 1000,
      // CIDs 1–95 are the half-width ASCII forms.
      W: [1, 95, 500],
    });
    descendant.end(null);
    const font = this.doc.ref({
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: 'STSong-Light',
      Encoding: 'UniGB-UTF16-H',
      DescendantFonts: [descendant],
    });
    font.end(null);
    this.standardCjk = font;
    return font;
  }
}
