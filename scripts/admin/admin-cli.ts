import { join } from 'node:path';
import { runWithCodeCache } from '../code-cache';

/** What `npm run admin` runs: the bundled admin CLI, with its code cache (scripts/code-cache.ts). */
runWithCodeCache(join(__dirname, 'admin.bundle.js'));
