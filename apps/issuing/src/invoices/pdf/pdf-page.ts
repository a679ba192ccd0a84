import type PDFDocument from 'pdfkit';

export type Doc = InstanceType<typeof PDFDocument>;

/** A4 in points, and the frame every section of a 数电票 page is drawn in. */
export const PAGE = {
  width: 595.28,
  height: 841.89,
  margin: 40,
} as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
export const PAGE_BOTTOM = PAGE.height - PAGE.margin;
/** The brownish red of a 数电票's frame and printed labels; values print in black. */
export const FRAME_COLOR = '#a5553a';
export const RED_LETTER_COLOR = '#c0001a';

/** A stroked rectangle in the frame colour. */
export function frameBox(doc: Doc, x: number, y: number, width: number, height: number): void {
  doc.rect(x, y, width, height).strokeColor(FRAME_COLOR).lineWidth(0.8).stroke();
}

/** A horizontal or vertical rule in the frame colour. */
export function frameLine(doc: Doc, from: [number, number], to: [number, number]): void {
  doc
    .moveTo(...from)
    .lineTo(...to)
    .strokeColor(FRAME_COLOR)
    .lineWidth(0.5)
    .stroke();
}
