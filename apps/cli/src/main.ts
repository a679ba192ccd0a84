#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { CliError, ExitCode } from './cli-error';
import { addGlobalOptions } from './cli-options';
import { auditCommand } from './commands/audit.command';
import { creditCommand } from './commands/credit.command';
import { issueCommand } from './commands/issue.command';
import { keygenCommand } from './commands/keygen.command';
import { pdfCommand } from './commands/pdf.command';
import { registerKeyCommand } from './commands/register-key.command';
import { signCommand } from './commands/sign.command';
import { statusCommand } from './commands/status.command';
import { verifyCommand } from './commands/verify.command';
import { voidCommand } from './commands/void.command';
import { webhooksCommand } from './commands/webhooks.command';
import { witnessCommand } from './commands/witness.command';

/** `taxchain`: a merchant's command line for keys, invoices, PDFs and offline proof checks. */
function program(): Command {
  const root = addGlobalOptions(new Command('taxchain'))
    .description('Tax Chain merchant CLI: sign and issue invoices, check their proofs offline')
    .showHelpAfterError('(taxchain --help lists the commands and options)')
    .exitOverride();
  for (const add of [
    keygenCommand,
    registerKeyCommand,
    signCommand,
    issueCommand,
    statusCommand,
    voidCommand,
    creditCommand,
    pdfCommand,
    verifyCommand,
    auditCommand,
    webhooksCommand,
    witnessCommand,
  ])
    add(root);
  root.commands.forEach((command) => command.exitOverride());
  return root;
}

async function main(argv: string[]): Promise<ExitCode> {
  try {
    await program().parseAsync(argv);
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
