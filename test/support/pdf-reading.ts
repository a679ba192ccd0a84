import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/** A word as poppler places it on the page, in PDF points from the top left. */
export interface PlacedWord {
  text: string;
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** A region of the page in PDF points from the top left. */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Page 1 rendered in grey, `scale` pixels per point. */
export interface RenderedPage {
  width: number;
  height: number;
  scale: number;
  grey: Uint8Array;
}

/** Runs a poppler tool on the PDF in a scratch directory and hands back what `read` takes from it. */
export function withPdfFile<T>(pdf: Buffer, read: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'taxchain-pdf-read-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    return read(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text as `pdftotext -layout` reads it: lines in reading order, columns kept apart. */
export function pdfText(pdf: Buffer): string {
  return withPdfFile(pdf, (file) =>
    execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
  );
}

/** Every word with its box (`pdftotext -bbox`). */
export function pdfWords(pdf: Buffer): PlacedWord[] {
  const html = withPdfFile(pdf, (file) =>
    execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
  );
  const words: PlacedWord[] = [];
  let page = 0;
  for (const match of html.matchAll(
    /<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
  )) {
    if (match[0] === '<page ') page += 1;
    else
      words.push({
        text: unescapeHtml(match[5]),
        page,
        xMin: Number(match[1]),
        yMin: Number(match[2]),
        xMax: Number(match[3]),
        yMax: Number(match[4]),
      });
  }
  return words;
}

/** The first word that contains `text`; fails the test when there is none. */
export function wordAt(words: PlacedWord[], text: string): PlacedWord {
  const word = words.find((w) => w.text.includes(text));
  if (!word)
    throw new Error(`"${text}" is not printed; words: ${words.map((w) => w.text).join(' ')}`);
  return word;
}

/** Page 1 as `pdftoppm` draws it, in grey at `dpi`. */
export function renderFirstPage(pdf: Buffer, dpi = 72): RenderedPage {
  return withPdfFile(pdf, (file, dir) => {
    execFileSync('pdftoppm', [
      '-gray',
      '-png',
      '-r',
      String(dpi),
      '-f',
      '1',
      '-singlefile',
      file,
      join(dir, 'page'),
    ]);
    const png = PNG.sync.read(readFileSync(join(dir, 'page.png')));
    const grey = new Uint8Array(png.width * png.height);
    for (let i = 0; i < grey.length; i += 1) grey[i] = png.data[i * 4];
    return { width: png.width, height: png.height, scale: dpi / 72, grey };
  });
}

/** Share of the region's pixels darker than paper (below 200 of 255). */
export function inkShare(page: RenderedPage, region: Region): number {
  return share(page, region, (i) => page.grey[i] < 200);
}

/** Share of the region's pixels that differ by more than `threshold` between two renderings. */
export function differingShare(
  a: RenderedPage,
  b: RenderedPage,
  region: Region,
  threshold = 24,
): number {
  return share(a, region, (i) => Math.abs(a.grey[i] - b.grey[i]) > threshold);
}

function share(page: RenderedPage, region: Region, counts: (index: number) => boolean): number {
  const x0 = Math.round(region.x * page.scale);
  const y0 = Math.round(region.y * page.scale);
  const x1 = Math.min(page.width, Math.round((region.x + region.width) * page.scale));
  const y1 = Math.min(page.height, Math.round((region.y + region.height) * page.scale));
  let hits = 0;
  for (let y = y0; y < y1; y += 1)
    for (let x = x0; x < x1; x += 1) if (counts(y * page.width + x)) hits += 1;
  return hits / Math.max(1, (x1 - x0) * (y1 - y0));
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
