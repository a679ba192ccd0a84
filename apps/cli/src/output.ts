/** Results go to standard output as JSON, one document per command, for scripts to parse. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Progress and notes go to standard error, so they never mix with results. */
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}
