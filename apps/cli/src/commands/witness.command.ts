import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { generateSecretKey } from '@taxchain/ledger/crypto';
import { WitnessKey } from '@taxchain/ledger/witness/witness-key';
import { CliError, ExitCode } from '../cli-error';
import { note, printJson } from '../output';

const DEFAULT_PORT = 3100;

interface ServeFlags {
  keyFile?: string;
  databaseUrl?: string;
  log?: string[];
  host: string;
  port?: string;
  newStore?: boolean;
}

/** `taxchain witness keygen|serve`: run a c2sp.org/tlog-witness that cosigns the ledger's checkpoints. */
export function witnessCommand(program: Command): void {
  const witness = program
    .command('witness')
    .description(
      'a witness: cosigns each log checkpoint that extends the last one it saw (docs/witness.md)',
    );
  witness
    .command('keygen')
    .description('create a witness cosigning key file (mode 0600) and print its vkey')
    .requiredOption('--name <name>', 'the witness name, e.g. witness.example.org/w1')
    .requiredOption('--key-file <file>', 'where to write the key')
    .action((flags: { name: string; keyFile: string }) => {
      if (existsSync(flags.keyFile)) throw CliError.badInput(`${flags.keyFile} exists`);
      let key: WitnessKey;
      try {
        key = WitnessKey.create(flags.name, generateSecretKey());
      } catch (error) {
        throw CliError.badInput(`--name ${flags.name}: ${String(error)}`);
      }
      writeFileSync(flags.keyFile, key.format(), { mode: 0o600, flag: 'wx' });
      printJson({ name: key.name, vkey: key.vkey, keyFile: flags.keyFile });
    });
  witness
    .command('serve')
    .description('run the witness until SIGTERM or SIGINT')
    .option('--key-file <file>', 'the witness key (env WITNESS_KEY_FILE)')
    .option(
      '--database-url <url>',
      "the witness's own PostgreSQL database (env WITNESS_DATABASE_URL)",
    )
    .option(
      '--log <vkey...>',
      "a followed log's note vkey, its name the origin (env WITNESS_LOGS, space separated)",
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option(
      '--port <port>',
      `port to listen on (env WITNESS_PORT, default ${DEFAULT_PORT}; 0 picks one)`,
    )
    .option(
      '--new-store',
      'accept an empty store: only for a new witness, never after losing a store',
    )
    .action((flags: ServeFlags) => serve(flags));
}

async function serve(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const keyFile = flags.keyFile ?? env.WITNESS_KEY_FILE;
  const databaseUrl = flags.databaseUrl ?? env.WITNESS_DATABASE_URL;
  const port = Number(flags.port ?? env.WITNESS_PORT ?? DEFAULT_PORT);
  if (!keyFile) throw CliError.badInput('no key: pass --key-file or set WITNESS_KEY_FILE');
  if (!databaseUrl)
    throw CliError.badInput('no store: pass --database-url or set WITNESS_DATABASE_URL');
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw CliError.badInput(`bad port ${port}`);
  const logs = flags.log ?? (env.WITNESS_LOGS ?? '').split(/\s+/).filter(Boolean);
  // Loaded here, not with the CLI: the store's TypeORM would slow every other command.
  const { startWitness, WitnessStartError } =
    await import('@taxchain/ledger/witness/start-witness.js');
  try {
    const running = await startWitness({
      keyFile,
      databaseUrl,
      logs,
      port,
      host: flags.host,
      newStore: !!flags.newStore,
    });
    printJson({ url: running.url, vkey: running.vkey, logs });
    await new Promise<void>((done) => {
      process.once('SIGTERM', () => done());
      process.once('SIGINT', () => done());
    });
    note('witness: stopping');
    await running.close();
  } catch (error) {
    if (error instanceof WitnessStartError) throw new CliError(ExitCode.Refused, error.message);
    throw error;
  }
}
