import { readFileSync } from 'node:fs';

/** The faces every invoice PDF embeds (pdfkit subsets them to the glyphs printed). */
export interface PdfFonts {
  regular: Buffer;
  bold: Buffer;
}

const NOTO_SANS_SC = '@expo-google-fonts/noto-sans-sc';

/**
 * Noto Sans SC, shipped with the project as an npm dependency, covers Chinese, Latin letters,
 * digits and ¥ alike. A font found on the machine is never used: Debian's DroidSansFallbackFull,
 * for one, has no Latin glyphs, and an invoice printed with it lost every number.
 */
export function shippedPdfFonts(): PdfFonts {
  return {
    regular: readFileSync(require.resolve(`${NOTO_SANS_SC}/400Regular/NotoSansSC_400Regular.ttf`)),
    bold: readFileSync(require.resolve(`${NOTO_SANS_SC}/700Bold/NotoSansSC_700Bold.ttf`)),
  };
}
