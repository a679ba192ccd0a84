// Reads a PDF with pdfjs-dist (ESM only, so run as its own process) and prints JSON:
// { pages, text, images: [{ width, height, rgba (base64) }] } for the first page's images.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const root = dirname(require.resolve('pdfjs-dist/package.json'));
const pdfjs = await import(join(root, 'legacy/build/pdf.mjs'));

const data = new Uint8Array(readFileSync(process.argv[2]));
const pdf = await pdfjs.getDocument({
  data,
  cMapUrl: join(root, 'cmaps/'),
  cMapPacked: true,
  standardFontDataUrl: join(root, 'standard_fonts/'),
  verbosity: 0,
}).promise;
let text = '';
const images = [];
for (let number = 1; number <= pdf.numPages; number += 1) {
  const page = await pdf.getPage(number);
  const content = await page.getTextContent();
  text += content.items.map((item) => item.str ?? '').join('\n') + '\n';
  const operators = await page.getOperatorList();
  for (let i = 0; i < operators.fnArray.length; i += 1) {
    if (operators.fnArray[i] !== pdfjs.OPS.paintImageXObject) continue;
    const id = operators.argsArray[i][0];
    const image = await new Promise((resolve) => page.objs.get(id, resolve));
    images.push({ width: image.width, height: image.height, rgba: toRgba(image).toString('base64') });
  }
}
process.stdout.write(JSON.stringify({ pages: pdf.numPages, text, images }));

function toRgba({ width, height, data: pixels, kind }) {
  const out = Buffer.alloc(width * height * 4);
  for (let p = 0; p < width * height; p += 1) {
    if (kind === 3) {
      pixels.subarray(p * 4, p * 4 + 4).forEach((v, c) => (out[p * 4 + c] = v));
    } else if (kind === 2) {
      for (let c = 0; c < 3; c += 1) out[p * 4 + c] = pixels[p * 3 + c];
      out[p * 4 + 3] = 255;
    } else {
      // 1 bit per pixel, rows padded to whole bytes.
      const rowBytes = (width + 7) >> 3;
      const x = p % width;
      const y = Math.floor(p / width);
      const bit = (pixels[y * rowBytes + (x >> 3)] >> (7 - (x & 7))) & 1;
      out.fill(bit ? 255 : 0, p * 4, p * 4 + 3);
      out[p * 4 + 3] = 255;
    }
  }
  return out;
}
