import { existsSync, rmSync } from 'node:fs';
import type { Command } from 'commander';
import { generateSecretKey } from '@taxchain/ledger/crypto';
import { CliError } from '../cli-error';
import { cliOptions } from '../cli-options';
import { MerchantKey } from '../key-file';
import { printJson } from '../output';

export function keygenCommand(program: Command): void {
  program
    .command('keygen')
    .description('create an ed25519 signing key in the key file (mode 0600)')
    .option('--tax-id <taxId>', 'the merchant tax ID the key signs for (used by register-key)')
    .option('--force', 'replace an existing key file')
    .action((flags: { taxId?: string; force?: boolean }, command: Command) => {
      const { keyFile } = cliOptions(command);
      if (existsSync(keyFile) && !flags.force)
        throw CliError.badInput(`${keyFile} exists; pass --force to replace it`);
      if (flags.force && existsSync(keyFile)) rmSync(keyFile);
      const key = MerchantKey.create(generateSecretKey(), flags.taxId);
      key.save(keyFile);
      printJson({ keyId: key.keyId, publicKey: key.file.publicKey, keyFile });
    });
}
