/** One instruction of a Dockerfile, continuation lines joined. */
export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  name?: string;
  /** The base image with global ARG defaults substituted. */
  image: string;
  instructions: Instruction[];
}

/** Splits a Dockerfile into its build stages; global ARGs (before the first FROM) are resolved. */
export function parseDockerfile(text: string): Stage[] {
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const { keyword, args } of instructions(text)) {
    if (keyword === 'FROM') {
      const [image, as, name] = args.split(/\s+/);
      const resolved = image.replace(
        /\$\{(\w+)\}/g,
        (_m, arg: string) => globalArgs.get(arg) ?? '',
      );
      stages.push({
        image: resolved,
        name: as?.toUpperCase() === 'AS' ? name : undefined,
        instructions: [],
      });
    } else if (stages.length === 0 && keyword === 'ARG') {
      const [name, value = ''] = args.split('=', 2);
      globalArgs.set(name, value);
    } else {
      stages.at(-1)?.instructions.push({ keyword, args });
    }
  }
  return stages;
}

function instructions(text: string): Instruction[] {
  const joined = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [, keyword, args] = /^\s*(\w+)\s+(.*)$/.exec(line) ?? [];
      if (!keyword) throw new Error(`not an instruction: ${line}`);
      return { keyword: keyword.toUpperCase(), args: args.trim() };
    });
}

/** The arguments of an exec-form (`["a", "b"]`) or shell-form instruction. */
export function commandOf(args: string): string[] {
  return args.startsWith('[') ? (JSON.parse(args) as string[]) : ['/bin/sh', '-c', args];
}

/** Names an instruction keyword declares: `ENV A=1 B=2` or `ARG A=1`. */
export function declaredNames(instruction: Instruction): string[] {
  return [...instruction.args.matchAll(/(?:^|\s)(\w+)=/g)].map((m) => m[1]);
}
