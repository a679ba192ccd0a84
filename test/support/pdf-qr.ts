import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { renderFirstPage, withPdfFile, type Region } from './pdf-reading';

/** What pdfjs reads from a PDF: page count, text, and the first page's images as RGBA. */
export interface PdfContents {
  pages: number;
  text: string;
  images: Array<{ width: number; height: number; rgba: string }>;
}

/** The PDF as pdfjs-dist reads it (support/pdf-inspect.mjs, run as its own process). */
export function inspectPdf(pdf: Buffer): PdfContents {
  return withPdfFile(pdf, (file) => {
    const run = spawnSync(process.execPath, [join(__dirname, 'pdf-inspect.mjs'), file], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (run.status !== 0) throw new Error(`pdf-inspect failed: ${run.stderr}`);
    return JSON.parse(run.stdout) as PdfContents;
  });
}

/** The text of the QR code in the PDF's one image, decoded from the embedded pixels. */
export function qrTextOfImage(pdf: Buffer): string | undefined {
  const [image] = inspectPdf(pdf).images;
  const rgba = new Uint8ClampedArray(Buffer.from(image.rgba, 'base64'));
  return jsQR(rgba, image.width, image.height)?.data;
}

/**
 * The text of the QR code as a scanner sees the printed page: page 1 drawn by poppler at `dpi`
 * and only the region around the code decoded, as a camera would frame it.
 */
export function qrTextOnPage(pdf: Buffer, region: Region, dpi: number): string | undefined {
  const page = renderFirstPage(pdf, dpi);
  const x0 = Math.round(region.x * page.scale);
  const y0 = Math.round(region.y * page.scale);
  const width = Math.round(region.width * page.scale);
  const height = Math.round(region.height * page.scale);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y += 1)
    for (let x = 0; x < width; x += 1) {
      const grey = page.grey[(y0 + y) * page.width + x0 + x];
      rgba.fill(grey, (y * width + x) * 4, (y * width + x) * 4 + 3);
      rgba[(y * width + x) * 4 + 3] = 255;
    }
  return jsQR(rgba, width, height)?.data;
}
