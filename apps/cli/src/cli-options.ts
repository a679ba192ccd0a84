import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ApiClient } from './api-client';
import { CliError } from './cli-error';

export const DEFAULT_URL = 'http://127.0.0.1:3001';

/** The global options, validated: flags first, then TAXCHAIN_* variables, then defaults. */
export interface CliOptions {
  url: string;
  token?: string;
  keyFile: string;
}

export function addGlobalOptions(program: Command): Command {
  return program
    .option('--url <url>', `issuing service base URL (env TAXCHAIN_URL, default ${DEFAULT_URL})`)
    .option('--token <token>', 'merchant credential token (env TAXCHAIN_TOKEN)')
    .option('--key <file>', 'signing key file (env TAXCHAIN_KEY, default ~/.taxchain/key.json)');
}

export function cliOptions(command: Command, env: NodeJS.ProcessEnv = process.env): CliOptions {
  const flags = command.optsWithGlobals<{ url?: string; token?: string; key?: string }>();
  const url = (flags.url ?? env.TAXCHAIN_URL ?? DEFAULT_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(url)) throw CliError.badInput(`--url ${url} is not an http(s) URL`);
  return {
    url,
    token: flags.token ?? env.TAXCHAIN_TOKEN,
    keyFile: flags.key ?? env.TAXCHAIN_KEY ?? join(homedir(), '.taxchain', 'key.json'),
  };
}

/** A client for the issuing API, which every command but keygen needs a token for. */
export function apiClient(options: CliOptions): ApiClient {
  if (!options.token) throw CliError.badInput('no credential: pass --token or set TAXCHAIN_TOKEN');
  return new ApiClient(options.url, options.token);
}
