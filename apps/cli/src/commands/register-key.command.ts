import type { Command } from 'commander';
import { CliError } from '../cli-error';
import { apiClient, cliOptions } from '../cli-options';
import { MerchantKey } from '../key-file';
import { printJson } from '../output';

export function registerKeyCommand(program: Command): void {
  program
    .command('register-key')
    .description('register the public key, with a proof of possession signed by it')
    .option('--tax-id <taxId>', 'your merchant tax ID (default: the one saved by keygen)')
    .action(async (flags: { taxId?: string }, command: Command) => {
      const options = cliOptions(command);
      const key = MerchantKey.load(options.keyFile);
      const taxId = flags.taxId ?? key.file.taxId;
      if (!taxId) throw CliError.badInput('pass --tax-id (or give it to keygen)');
      const proof = {
        schema: 'taxchain.key.v1',
        taxId,
        keyId: key.keyId,
        publicKey: key.file.publicKey,
      };
      const { body } = await apiClient(options).json('POST', '/keys', {
        publicKey: key.file.publicKey,
        signature: key.sign(proof),
      });
      printJson(body);
    });
}
