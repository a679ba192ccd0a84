import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * scripts/build-if-stale.sh in a scratch repository whose `npm run build` only counts its runs,
 * writes an output and talks on stdout, as the real build's tools may.
 */
describe('build-if-stale.sh', () => {
  let repo: string;
  const builds = () => readFileSync(join(repo, 'dist/out.txt'), 'utf8').split('\n').length - 1;
  const run = () => {
    const result = spawnSync('bash', ['scripts/build-if-stale.sh'], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    return result;
  };
  /** Moves a file's time into the past, so a build's stamp is strictly newer than it. */
  const age = (path: string) => utimesSync(join(repo, path), new Date(0), new Date(0));

  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'taxchain-build-'));
    for (const dir of ['scripts', 'apps/a', 'libs', 'bench'])
      mkdirSync(join(repo, dir), { recursive: true });
    copyFileSync(join(__dirname, 'build-if-stale.sh'), join(repo, 'scripts/build-if-stale.sh'));
    const build = "mkdir -p dist && echo built >> dist/out.txt && echo 'build chatter'";
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ scripts: { build } }));
    for (const file of ['package-lock.json', '.swcrc', 'tsconfig.json', 'apps/a/main.ts'])
      writeFileSync(join(repo, file), '{}');
    for (const path of ['.', 'scripts', 'apps', 'apps/a', 'libs', 'bench', 'package.json'])
      age(path);
    for (const file of [
      'package-lock.json',
      '.swcrc',
      'tsconfig.json',
      'apps/a/main.ts',
      'scripts/build-if-stale.sh',
    ])
      age(file);
  });

  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('builds once, then not again while no source changed, with the build talking on stderr only', () => {
    const first = run();
    expect(first.stdout).toBe('');
    expect(first.stderr).toContain('build chatter');
    expect(run().stdout).toBe('');
    expect(run().stderr).toBe('');
    expect(builds()).toBe(1);
  });

  it('builds again, without deleting the output, when a source is newer or deleted', () => {
    run();
    writeFileSync(join(repo, 'apps/a/main.ts'), '{"changed":true}');
    run();
    expect(builds()).toBe(2);
    for (const path of ['apps/a/main.ts', 'apps/a', 'apps']) age(path);
    rmSync(join(repo, 'apps/a/main.ts'));
    run();
    expect(builds()).toBe(3);
  });
});
