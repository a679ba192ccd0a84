import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const cli = resolve(__dirname, '../dist/apps/cli/src/main.js');

/** Every file a compiled `taxchain <args>` loads before it answers. */
function filesLoaded(args: string[]): string[] {
  const probe = `
    process.argv = [process.argv[0], ${JSON.stringify(cli)}, ...${JSON.stringify(args)}];
    process.on('exit', () => process.stderr.write(JSON.stringify(Object.keys(require.cache))));
    require(${JSON.stringify(cli)});`;
  const { stderr } = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  return JSON.parse(stderr) as string[];
}

/** The packages a compiled `taxchain <args>` loads, with how many modules of each. */
function packagesLoaded(args: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const file of filesLoaded(args)) {
    const name = (/node_modules\/((@[^/]+\/)?[^/]+)/.exec(file) ?? [])[1];
    if (name) counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/** The command modules (`apps/cli/src/commands/*.command.js`) a compiled `taxchain <args>` loads. */
function commandsLoaded(args: string[]): string[] {
  return filesLoaded(args)
    .map((file) => /commands\/([a-z-]+)\.command\.js$/.exec(file)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}

/**
 * Issue 19: every command answers at once. A merchant's command must not load what only
 * `taxchain audit` (a database) or `taxchain witness serve` (its store) needs: a top-level
 * import of the witness's store once made every command load TypeORM's 363 modules, tripling
 * `taxchain --help`. Each command's module loads only when that command runs.
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

  it.each([
    [['issue', '--help'], ['issue']],
    [['--key', 'k.json', 'register-key', '--help'], ['register-key']],
    [['--token', 'status', 'void', '--help'], ['void']],
  ])('loads only the command %j runs', (args, commands) => {
    expect(commandsLoaded(args)).toEqual(commands);
  });

  it('loads every command for the help that lists them', () => {
    expect(commandsLoaded(['--help'])).toEqual(
      expect.arrayContaining(['audit', 'issue', 'keygen', 'verify', 'webhooks', 'witness']),
    );
  });
});
