const MARKER = /^<!-- walkthrough(?:: (\S+))? -->$/;

/**
 * The README's runnable walk-through as one bash script. A fenced block preceded by
 * `<!-- walkthrough -->` runs as it stands; one preceded by `<!-- walkthrough: <file> -->` is
 * written to that file (in the directory the script is in by then), as a reader saves it.
 * Every fenced block from the merchant quick start on must be one of the two: an example
 * nobody runs may be an example that does not work.
 */
export function readmeWalkthrough(readme: string): string {
  const lines = readme.slice(readme.indexOf('## Merchant quick start')).split('\n');
  const steps: string[] = [];
  for (let at = 0; at < lines.length; at++) {
    if (!/^```\w+$/.test(lines[at])) continue;
    const marker = MARKER.exec(lines[at - 1]);
    if (!marker) throw new Error(`README block not in the walk-through: ${lines[at + 1]}`);
    const end = lines.indexOf('```', at + 1);
    const body = lines.slice(at + 1, end).join('\n');
    const file = marker[1];
    steps.push(file ? `cat > ${file} <<'WALKTHROUGH_FILE'\n${body}\nWALKTHROUGH_FILE` : body);
    at = end;
  }
  if (steps.length === 0) throw new Error('the README marks no walk-through blocks');
  // -x prints each command to stderr, so a failing step is named in the transcript.
  return ['set -euo pipefail -x', ...steps].join('\n');
}
