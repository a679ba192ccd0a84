import { commandOf, type Stage } from './dockerfile';
import { containerEnvironment, type ComposeService } from './compose-file';

/** What a container runs: its compose `command`, else the image's CMD, `${VAR}` expanded. */
export function effectiveCommand(service: ComposeService, runtime: Stage): string[] {
  if (Array.isArray(service.command)) return service.command;
  const cmd = runtime.instructions.filter((i) => i.keyword === 'CMD').at(-1);
  if (!cmd) throw new Error('the runtime stage has no CMD');
  const environment = containerEnvironment(service);
  return commandOf(cmd.args).map((arg) =>
    arg.replace(/\$\{(\w+)\}/g, (_m, name: string) => environment[name] ?? `\${${name}}`),
  );
}

/** The JavaScript files a command hands to Node, shell scripts (`sh -c "…"`) included. */
export function scriptPaths(command: string[]): string[] {
  return command.flatMap((arg) => arg.split(/\s+/)).filter((word) => /^[\w./-]+\.js$/.test(word));
}

/** A compiled file's source: `dist/apps/x/src/main.js` comes from `apps/x/src/main.ts`. */
export function sourceOf(script: string): string {
  return script.startsWith('dist/') ? script.slice('dist/'.length).replace(/\.js$/, '.ts') : script;
}
