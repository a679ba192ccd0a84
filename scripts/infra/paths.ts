import { resolve } from 'node:path';

/** The repository root, whether running from sources (tsx, jest) or from dist/. */
export const repoRoot = resolve(__dirname, __dirname.includes('/dist/') ? '../../..' : '../..');
export const dataDir = process.env.TAXCHAIN_DATA_DIR ?? resolve(repoRoot, '.data');
