import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

/** Prints the functions with the most self time in a .cpuprofile: `node top-functions.js <file> [n]`. */
function main(): void {
  const [file, count = '20'] = process.argv.slice(2);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  for (const id of profile.samples) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = url
      ? `${url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${lineNumber + 1}`
      : '';
    const name = `${functionName || '(anonymous)'} ${where}`.trim();
    self.set(name, (self.get(name) ?? 0) + 1);
  }
  const total = profile.samples.length;
  [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(count))
    .forEach(([name, hits]) =>
      process.stdout.write(`${((100 * hits) / total).toFixed(1).padStart(5)} %  ${name}\n`),
    );
}

main();
