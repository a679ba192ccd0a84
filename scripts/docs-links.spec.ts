import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repoRoot } from './infra/paths';

/** Every Markdown document a clone carries: README, docs/, bench/ and test/ write-ups. */
function markdownFiles(dir = repoRoot): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (['node_modules', 'dist', '.git', '.data'].includes(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/** Relative link targets of a document, without anchors: `[text](target)` and `<a href>`. */
function relativeTargets(markdown: string): string[] {
  const targets = [...markdown.matchAll(/\]\(([^)\s]+)\)|href="([^"]+)"/g)].map(
    (m) => m[1] ?? m[2],
  );
  return targets
    .filter((target) => !/^[a-z][a-z0-9+.-]*:|^#/i.test(target))
    .map((target) => target.split('#')[0]);
}

describe('links in the documentation', () => {
  const documents = markdownFiles();

  it('finds the README and docs/', () => {
    const names = documents.map((file) => relative(repoRoot, file));
    expect(names).toEqual(expect.arrayContaining(['README.md', 'docs/architecture.md']));
  });

  it('point at files inside the repository that exist (a clone has nothing beside it)', () => {
    const broken = documents.flatMap((file) =>
      relativeTargets(readFileSync(file, 'utf8'))
        .map((target) => ({
          from: relative(repoRoot, file),
          target,
          path: resolve(dirname(file), target),
        }))
        .filter(({ path }) => relative(repoRoot, path).startsWith('..') || !existsSync(path))
        .map(({ from, target }) => `${from} → ${target}`),
    );
    expect(broken).toEqual([]);
  });
});
