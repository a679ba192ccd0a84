import { z } from 'zod';
import { configSchema, type AppConfig } from './config.schema';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; bad or missing variables throw one line naming each. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    `Invalid configuration: ${parsed.error.issues.map((i) => describe(i, env)).join('; ')}`,
  );
}

function describe(issue: z.core.$ZodIssue, env: NodeJS.ProcessEnv): string {
  const name = issue.path.join('.');
  if (env[name] === undefined) return `${name} is required (${expectation(name)})`;
  return `${name} must be ${expectation(name, issue.message)}`;
}

/** What a variable expects, from the schema's own check messages or its description. */
function expectation(name: string, fallback?: string): string {
  const field = configSchema.shape[name as keyof typeof configSchema.shape] as
    z.ZodType | undefined;
  const custom = field && checkMessage(field);
  return custom ?? fallback ?? field?.description ?? 'set';
}

function checkMessage(field: z.ZodType): string | undefined {
  const checks = (
    field as unknown as { def?: { checks?: Array<{ _zod?: { def?: { error?: unknown } } }> } }
  ).def?.checks;
  for (const check of checks ?? []) {
    const error = check._zod?.def?.error;
    if (typeof error === 'function') {
      const message: unknown = (error as () => unknown)();
      if (typeof message === 'string') return message;
    }
  }
  return undefined;
}
