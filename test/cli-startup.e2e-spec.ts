import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const cli = resolve(__dirname, '../dist/apps/cli/src/main.js');

/** The packages a compiled `taxchain <args>` loads before it answers, with how many modules of each. */
function packagesLoaded(args: string[]): Record<string, number> {
  const probe = `
    process.argv = [process.argv[0], ${JSON.stringify(cli)}, ...${JSON.stringify(args)}];
    process.on('exit', () => {
      const counts = {};
      for (const file of Object.keys(require.cache)) {
        const name = (file.match(/node_modules\\/((@[^/]+\\/)?[^/]+)/) ?? [])[1];
        if (name) counts[name] = (counts[name] ?? 0) + 1;
      }
      process.stderr.write(JSON.stringify(counts));
    });
    require(${JSON.stringify(cli)});`;
  const { stderr } = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  return JSON.parse(stderr) as Record<string, number>;
}

/**
 * Issue 19: every command answers at once. A merchant's command must not load what only
 * `taxchain audit` (a database) or `taxchain witness serve` (its store) needs: a top-level
 * import of the witness's store once made every command load TypeORM's 363 modules, tripling
 * `taxchain --help`.
 */
describe('taxchain start-up', () => {
  it.each([[['--help']], [['status', '--help']], [['witness', '--help']]])(
    'loads no database layer for %j',
    (args) => {
      const loaded = packagesLoaded(args);
      expect(Object.keys(loaded)).toContain('commander');
      expect(Object.keys(loaded).filter((name) => ['typeorm', 'pg'].includes(name))).toEqual([]);
    },
  );
});
