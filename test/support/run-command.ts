import { execFile } from 'node:child_process';

/** How a command ended: its exit code (0 on success) and what it printed. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end (5 minutes at most), never rejecting: a failure is its exit code. */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<Run> {
  return new Promise((done) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        encoding: 'utf8',
        timeout: 300_000,
      },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}
