import type { Command } from 'commander';
import { cliOptions } from '../cli-options';
import { completeInvoice, readJsonInput } from '../invoice-input';
import { MerchantKey } from '../key-file';
import { printJson } from '../output';

/**
 * `taxchain sign`: the request body `issue` would send, `{ invoice, signature }`, printed and not
 * sent, for merchants who talk to the API with their own HTTP client.
 */
export function signCommand(program: Command): void {
  program
    .command('sign')
    .description(
      'print the signed request body for POST /invoices ({ invoice, signature }) without sending it',
    )
    .argument('<file>', 'invoice document JSON, or - for standard input')
    .action((file: string, _flags: object, command: Command) => {
      const key = MerchantKey.load(cliOptions(command).keyFile);
      const invoice = completeInvoice(readJsonInput(file), key.keyId, file);
      printJson({ invoice, signature: key.sign(invoice) });
    });
}
