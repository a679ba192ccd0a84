import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

/** Bundles the officials' dashboard (apps/audit/web) into apps/audit/web/dist: no CDN. */
export async function buildDashboard(root = repositoryRoot(__dirname)): Promise<string> {
  const web = join(root, 'apps/audit/web');
  const out = join(web, 'dist');
  // Overwritten in place, never emptied first: the audit service may be serving it.
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [join(web, 'src/main.ts')],
    outfile: join(out, 'app.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    tsconfig: join(web, 'tsconfig.json'),
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'styles.css', 'favicon.svg'])
    copyFileSync(join(web, 'src', file), join(out, file));
  return out;
}

function repositoryRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

if (require.main === module) {
  buildDashboard().then(
    (out) => console.error(`dashboard built into ${out}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
