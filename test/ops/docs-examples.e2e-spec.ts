import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fromHex, keyId, nobleEd25519, toHex } from '@taxchain/ledger';
import { repoPath, repoRoot } from './support/repo-files';

interface ShellExample {
  where: string;
  /** The comment line before the fence: how the example is run, or why it is not. */
  marker: string;
  body: string;
}

const RUN_HERE = '<!-- example: runs (test/ops/docs-examples.e2e-spec.ts) -->';
/** How a block says it is run, or why not. */
const isMarker = (line: string) =>
  line === RUN_HERE || /^<!-- walkthrough -->$|^<!-- example not run: .+ -->$/.test(line);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/** Every fenced shell block of the README and docs/, with the line before it. */
function shellExamples(): ShellExample[] {
  return [repoPath('README.md'), ...markdownFiles(repoPath('docs'))].flatMap((file) => {
    const lines = readFileSync(file, 'utf8').split('\n');
    return lines.flatMap((line, at) => {
      if (!/^```(bash|sh|shell)$/.test(line)) return [];
      const end = lines.indexOf('```', at + 1);
      return [
        {
          where: `${relative(repoRoot, file)}:${at + 1}`,
          marker: lines[at - 1] ?? '',
          body: lines.slice(at + 1, end).join('\n'),
        },
      ];
    });
  });
}

/**
 * "Every example in the docs runs": each shell block of the README and docs/ says how it is
 * run (the README walk-through, or here) or, in a comment a reader does not see rendered, why
 * it is not; those run here run word for word.
 */
describe('shell examples in the README and docs/', () => {
  const examples = shellExamples();

  it('each say how they are run, or why not: a new one cannot go unrun unnoticed', () => {
    expect(examples.length).toBeGreaterThan(10);
    const unmarked = examples
      .filter(({ marker }) => !isMarker(marker))
      .map(({ where, body }) => `${where}: ${body.split('\n')[0]}`);
    expect(unmarked).toEqual([]);
  });

  it("the runbook's key generation and key id, run as written, agree with the platform's", () => {
    const runbook = examples.filter(
      ({ where, marker }) => where.startsWith('docs/runbook.md') && marker === RUN_HERE,
    );
    expect(runbook).toHaveLength(2);
    const dir = mkdtempSync(join(tmpdir(), 'taxchain-runbook-'));
    try {
      mkdirSync(join(dir, 'docker/secrets'), { recursive: true });
      // The machine running the tests is root without sudo; an operator has sudo.
      const shim = 'command -v sudo >/dev/null || sudo() { "$@"; }';
      const output = execFileSync(
        'bash',
        ['-euo', 'pipefail', '-c', [shim, ...runbook.map(({ body }) => body)].join('\n')],
        { cwd: dir, encoding: 'utf8' },
      );
      const secret = fromHex(
        readFileSync(join(dir, 'docker/secrets/authority.key'), 'utf8').trim(),
      );
      const publicKey = nobleEd25519.publicKeyOf(secret);
      expect(output).toContain(`public key ${toHex(publicKey)}\n`);
      expect(output).toContain(`key id     ${keyId(publicKey)}\n`);
      expect(statSync(join(dir, 'docker/secrets/authority.key')).mode & 0o777).toBe(0o400);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
