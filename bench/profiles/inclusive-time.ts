import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Inclusive time per subsystem of a .cpuprofile: each sample counts once for every `label=regex`
 * that a frame of its stack matches (`functionName url:line`), so nested subsystems overlap.
 * Idle samples are left out, and so are the stacks passing through `--exclude <regex>` (start-up:
 * module loading, migrations). Work resumed after an await is under `runMicrotasks`, not under
 * its caller: name the async functions themselves, or count statements in pg_stat_statements.
 *   node inclusive-time.js <file> [--exclude <regex>] label=regex…
 */
function main(): void {
  const [file, ...rest] = process.argv.slice(2);
  const at = rest.indexOf('--exclude');
  const exclude = at >= 0 ? new RegExp(rest.splice(at, 2)[1]) : undefined;
  const subsystems = rest.map((arg) => {
    const eq = arg.indexOf('=');
    return { label: arg.slice(0, eq), pattern: new RegExp(arg.slice(eq + 1)) };
  });
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const stackOf = memo((id: number): { excluded: boolean; hits: Set<number> } => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const frame = `${functionName} ${url}:${lineNumber + 1}`;
    const up = parent.has(id)
      ? stackOf(parent.get(id)!)
      : { excluded: false, hits: new Set<number>() };
    const hits = new Set(up.hits);
    subsystems.forEach(({ pattern }, i) => pattern.test(frame) && hits.add(i));
    return { excluded: up.excluded || (exclude?.test(frame) ?? false), hits };
  });
  const ms = subsystems.map(() => 0);
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const { excluded, hits } = stackOf(id);
    if (excluded || byId.get(id)!.callFrame.functionName === '(idle)') return;
    const sampleMs = (profile.timeDeltas[i] ?? 0) / 1_000;
    busy += sampleMs;
    for (const hit of hits) ms[hit] += sampleMs;
  });
  process.stdout.write(`busy ${busy.toFixed(0)} ms\n`);
  subsystems.forEach(({ label }, i) =>
    process.stdout.write(
      `${label.padEnd(32)} ${ms[i].toFixed(0).padStart(8)} ms ${((100 * ms[i]) / busy).toFixed(1).padStart(5)} %\n`,
    ),
  );
}

function memo<K, V>(f: (key: K) => V): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    if (!known.has(key)) known.set(key, f(key));
    return known.get(key)!;
  };
}

main();
