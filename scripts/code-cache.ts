import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/**
 * Runs a bundled CommonJS program with V8's code cache beside it, the way Node 22's
 * `module.enableCompileCache()` does for every module: parsing and compiling the admin bundle
 * (3 MB) took a third of each command's time. The first run, or a run after a rebuild or a
 * Node upgrade (V8 then rejects the cache), writes the cache as the program exits, so that it
 * holds every function the command compiled; a cache that cannot be written is only slower.
 */
export function runWithCodeCache(file: string): void {
  const cacheFile = `${file}.v8-cache`;
  const script = new Script(Module.wrap(withoutHashbang(readFileSync(file, 'utf8'))), {
    filename: file,
    cachedData: readCache(cacheFile),
  });
  if (script.cachedDataRejected !== false) {
    // Registered before the program runs: commander exits from inside it (`--help`).
    process.once('exit', () => writeCache(cacheFile, script.createCachedData()));
  }
  const program = new Module(file, require.main);
  program.filename = file;
  program.paths = (Module as unknown as ModulePaths)._nodeModulePaths(dirname(file));
  process.argv.splice(1, 1, file);
  const run = script.runInThisContext() as CommonJsWrapper;
  run.call(
    program.exports,
    program.exports,
    (id): unknown => program.require(id) as unknown,
    program,
    file,
    dirname(file),
  );
}

type ModulePaths = { _nodeModulePaths(directory: string): string[] };
type CommonJsWrapper = (
  exports: unknown,
  require: (id: string) => unknown,
  module: Module,
  filename: string,
  dirname: string,
) => void;

function readCache(cacheFile: string): Buffer | undefined {
  try {
    return readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

function writeCache(cacheFile: string, data: Buffer): void {
  const partial = `${cacheFile}.${process.pid}`;
  try {
    writeFileSync(partial, data);
    renameSync(partial, cacheFile); // atomic: a concurrent run reads the old cache or the new one
  } catch {
    // a read-only install runs without the cache
  }
}

/** Node's module loader ignores a `#!` first line; inside the CommonJS wrapper it is an error. */
const withoutHashbang = (source: string) => source.replace(/^#!/, '//');
