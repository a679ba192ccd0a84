import type { Command } from 'commander';
import { apiClient, cliOptions } from '../cli-options';
import { completeInvoice, readJsonInput } from '../invoice-input';
import { MerchantKey } from '../key-file';
import { printJson } from '../output';
import { invoiceNumberArgument } from './invoice-number';

export function creditCommand(program: Command): void {
  program
    .command('credit')
    .description('issue a credit note (red-letter invoice) against an invoice')
    .argument('<number>', 'the invoice to credit', invoiceNumberArgument)
    .argument('<file>', 'credit note JSON (lines taken back), or - for standard input')
    .action(async (number: string, file: string, _flags: object, command: Command) => {
      const options = cliOptions(command);
      const key = MerchantKey.load(options.keyFile);
      const draft = readJsonInput(file);
      const note = completeInvoice(
        { ...(draft as object), kind: 'credit-note', creditedInvoiceNumber: number },
        key.keyId,
        file,
      );
      const { status, body } = await apiClient(options).json<object>(
        'POST',
        `/invoices/${number}/credit-notes`,
        { invoice: note, signature: key.sign(note) },
      );
      printJson({ ...body, replayed: status === 200 });
    });
}
