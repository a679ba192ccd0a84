import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Session } from 'node:inspector';

/**
 * Preloaded into a service under benchmark (NODE_OPTIONS=--require …): profiles the CPU from
 * start to SIGTERM and writes `<service>-<pid>.cpuprofile` into BENCH_CPU_PROFILE_DIR (the service
 * named after its dist/apps/<service>/ entry point). `--cpu-prof` alone writes
 * nothing here: Nest's shutdown hook ends the process by re-raising the signal, not by exiting.
 * On the main thread the inspector answers synchronously, so the file is written before Nest's
 * own SIGTERM handler starts closing the app.
 */
const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const service =
    /apps\/([^/]+)\//.exec(process.argv[1] ?? '')?.[1] ?? basename(process.argv[1] ?? 'node');
  const file = resolve(dir, `${service}-${process.pid}.cpuprofile`);
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1_000 });
  session.post('Profiler.start');
  process.prependOnceListener('SIGTERM', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, JSON.stringify(result.profile));
    });
  });
}
