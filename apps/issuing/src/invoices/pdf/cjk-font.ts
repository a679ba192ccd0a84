import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A font file that covers Chinese; `family` names the face inside a collection (.ttc). */
export interface CjkFontFile {
  path: string;
  family?: string;
}

/** Environment variable naming a TTF/OTF (or TTC with `path#Family`) to embed in invoice PDFs. */
export const PDF_FONT_VARIABLE = 'TAXCHAIN_PDF_FONT';

/** Where Debian/Ubuntu CJK font packages put their faces, most complete first. */
const SYSTEM_FONTS: CjkFontFile[] = [
  {
    path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    family: 'NotoSansCJKsc-Regular',
  },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' },
  { path: '/usr/share/fonts/truetype/arphic/uming.ttc', family: 'AR PL UMing CN' },
];

/** npm packages that ship a Simplified Chinese TTF, should one be added to the dependencies. */
const PACKAGED_FONTS = [
  '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  '@expo-google-fonts/noto-sans-sc/NotoSansSC_400Regular.ttf',
];

/**
 * The CJK font to embed, or undefined when the machine has none: the PDF then names the
 * standard Adobe-GB1 font instead (STSong-Light, not embedded), which every conforming viewer
 * substitutes with a Chinese face of its own, and the text stays searchable either way.
 */
export function findCjkFont(env: NodeJS.ProcessEnv = process.env): CjkFontFile | undefined {
  const configured = env[PDF_FONT_VARIABLE];
  if (configured) {
    const [path, family] = configured.split('#');
    if (!existsSync(path)) throw new Error(`${PDF_FONT_VARIABLE}: no font file at ${path}`);
    return { path, family };
  }
  return SYSTEM_FONTS.find((font) => existsSync(font.path)) ?? packagedFont();
}

function packagedFont(): CjkFontFile | undefined {
  for (const file of PACKAGED_FONTS) {
    const [scope, name] = file.split('/');
    try {
      const root = dirname(require.resolve(`${scope}/${name}/package.json`));
      const path = join(root, file.split('/').slice(2).join('/'));
      if (existsSync(path)) return { path };
    } catch {
      // Not installed: try the next one.
    }
  }
  return undefined;
}
