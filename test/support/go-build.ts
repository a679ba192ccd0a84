import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Builds the Go program in `sourceDir` into `output` with the Go packages Debian installs
 * (GOPATH mode, no module download), its build cache under `work`.
 */
export function goBuild(sourceDir: string, output: string, work: string): void {
  execFileSync('go', ['build', '-o', output, '.'], {
    cwd: sourceDir,
    env: {
      ...process.env,
      GO111MODULE: 'off',
      GOPATH: '/usr/share/gocode',
      GOCACHE: join(work, 'cache'),
      GOFLAGS: '',
    },
  });
}
