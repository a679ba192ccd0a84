import { parse } from 'yaml';

export type EnvironmentValue = string | number | boolean | null;

/** The parts of a Compose service these checks read; the schema validates the whole file. */
export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, EnvironmentValue>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
  ports?: string[];
  volumes?: string[];
  secrets?: string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  secrets?: Record<string, { file?: string }>;
}

const VARIABLE =
  /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Compose's interpolation: `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`. */
export function interpolate(text: string, variables: Record<string, string>): string {
  return text.replace(
    VARIABLE,
    (
      _match,
      dollar?: string,
      braced?: string,
      operator?: string,
      argument?: string,
      bare?: string,
    ) => {
      if (dollar) return '$';
      const name = (braced ?? bare)!;
      const value = variables[name];
      const missing = value === undefined || (operator?.startsWith(':') === true && value === '');
      if (!missing || !operator) return value ?? '';
      if (operator.endsWith('-')) return argument ?? '';
      throw new Error(`${name}: ${argument || 'required'}`);
    },
  );
}

/** Each `${VAR…}` or `$VAR` a text refers to, with the default it gives (if any). */
export function variablesIn(text: string): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  for (const [, dollar, braced, operator, argument, bare] of text.matchAll(VARIABLE)) {
    if (dollar) continue;
    const name = braced ?? bare;
    const fallback = operator?.endsWith('-') ? argument : undefined;
    found.set(name, found.get(name) ?? fallback);
  }
  return found;
}

/** Parses with YAML merge keys (`<<: *anchor`), as Compose does, then interpolates every value. */
export function loadCompose(text: string, variables: Record<string, string>): ComposeFile {
  return interpolateValues(parse(text, { merge: true }), variables) as ComposeFile;
}

function interpolateValues(node: unknown, variables: Record<string, string>): unknown {
  if (typeof node === 'string') return interpolate(node, variables);
  if (Array.isArray(node)) return node.map((item) => interpolateValues(item, variables));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, interpolateValues(value, variables)]),
  );
}

/** A `.env` file: `NAME=value` lines, blank lines and `#` comments. */
export function parseEnvFile(text: string): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) throw new Error(`not NAME=value: ${line}`);
    variables[match[1]] = match[2];
  }
  return variables;
}

/** The environment a container gets: Compose passes numbers and booleans as their text. */
export function containerEnvironment(service: ComposeService): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(service.environment ?? {}))
    if (value !== null) environment[name] = String(value);
  return environment;
}
