import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './infra/paths';

/** TypeScript files below `dir` that a user runs: not specs, not test support. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

function markdown(dir: string): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return markdown(path);
      return entry.name.endsWith('.md') ? readFileSync(path, 'utf8') : '';
    })
    .join('\n');
}

/** Environment variables a file reads: `process.env.NAME`, `env.NAME`, `env['NAME']`. */
function variablesRead(source: string): string[] {
  return [...source.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]+)|\[['"]([A-Z][A-Z0-9_]+)['"]\])/g)].map(
    (m) => m[1] ?? m[2],
  );
}

describe('settings a user can set', () => {
  const documented = `${readFileSync(join(repoRoot, 'README.md'), 'utf8')}\n${markdown(join(repoRoot, 'docs'))}`;

  it('are each named in the README or docs/: what npm start, the CLIs and the scripts read', () => {
    const read = ['scripts', 'apps/cli/src'].flatMap((dir) =>
      sourceFiles(join(repoRoot, dir)).flatMap((file) =>
        variablesRead(readFileSync(file, 'utf8')).map((name) => ({
          name,
          file: relative(repoRoot, file),
        })),
      ),
    );
    expect(read.map(({ name }) => name)).toContain('DEMO_INVOICES');
    const undocumented = read
      .filter(({ name }) => !name.startsWith('TEST_'))
      .filter(({ name }) => !new RegExp(`\\b${name}\\b`).test(documented))
      .map(({ name, file }) => `${name} (read in ${file})`);
    expect([...new Set(undocumented)]).toEqual([]);
  });
});
