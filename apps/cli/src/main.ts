#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { CliError, ExitCode } from './cli-error';
import { addGlobalOptions } from './cli-options';

type AddCommand = (program: Command) => void;

/**
 * Each command's module, loaded only when it runs: a merchant's `issue` need not load the
 * verifier `audit` and `verify` use, nor the witness server.
 */
const COMMANDS: Record<string, () => Promise<AddCommand>> = {
  keygen: async () => (await import('./commands/keygen.command.js')).keygenCommand,
  'register-key': async () =>
    (await import('./commands/register-key.command.js')).registerKeyCommand,
  sign: async () => (await import('./commands/sign.command.js')).signCommand,
  issue: async () => (await import('./commands/issue.command.js')).issueCommand,
  status: async () => (await import('./commands/status.command.js')).statusCommand,
  void: async () => (await import('./commands/void.command.js')).voidCommand,
  credit: async () => (await import('./commands/credit.command.js')).creditCommand,
  pdf: async () => (await import('./commands/pdf.command.js')).pdfCommand,
  verify: async () => (await import('./commands/verify.command.js')).verifyCommand,
  keys: async () => (await import('./commands/keys.command.js')).keysCommand,
  'qr-verify': async () => (await import('./commands/qr-verify.command.js')).qrVerifyCommand,
  audit: async () => (await import('./commands/audit.command.js')).auditCommand,
  webhooks: async () => (await import('./commands/webhooks.command.js')).webhooksCommand,
  witness: async () => (await import('./commands/witness.command.js')).witnessCommand,
};
/** Global options that take a value: the word after one is not a command. */
const VALUE_OPTIONS = new Set(['--url', '--token', '--key']);

/** The command the arguments run, or every command when they name none (help, a typo). */
async function commandsNamedBy(argv: string[]): Promise<AddCommand[]> {
  const args = argv.slice(2);
  const named = args.find(
    (arg, i) => Object.hasOwn(COMMANDS, arg) && !VALUE_OPTIONS.has(args[i - 1] ?? ''),
  );
  return Promise.all((named ? [named] : Object.keys(COMMANDS)).map((name) => COMMANDS[name]()));
}

/** `taxchain`: a merchant's command line for keys, invoices, PDFs and offline proof checks. */
async function program(argv: string[]): Promise<Command> {
  const root = addGlobalOptions(new Command('taxchain'))
    .description('Tax Chain merchant CLI: sign and issue invoices, check their proofs offline')
    .showHelpAfterError('(taxchain --help lists the commands and options)')
    .exitOverride();
  for (const add of await commandsNamedBy(argv)) add(root);
  root.commands.forEach((command) => command.exitOverride());
  return root;
}

async function main(argv: string[]): Promise<ExitCode> {
  try {
    await (await program(argv)).parseAsync(argv);
    return ExitCode.Ok;
  } catch (error) {
    if (error instanceof CommanderError)
      // Help and version are successes; every other parse failure is bad input.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.BadInput;
    if (error instanceof CliError) {
      process.stderr.write(`taxchain: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`taxchain: unexpected error: ${String(error)}\n`);
    process.exitCode = ExitCode.Refused;
  },
);
