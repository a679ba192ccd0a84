import type { Command } from 'commander';
import type { VoidDocument } from '@taxchain/contracts';
import { CliError } from '../cli-error';
import { apiClient, cliOptions } from '../cli-options';
import { MerchantKey } from '../key-file';
import { printJson } from '../output';
import { invoiceNumberArgument } from './invoice-number';

export function voidCommand(program: Command): void {
  program
    .command('void')
    .description('void an unclaimed invoice, signing the instruction with your key')
    .argument('<number>', 'invoice number', invoiceNumberArgument)
    .requiredOption('--reason <reason>', 'why it is voided (1-200 characters)')
    .action(async (number: string, flags: { reason: string }, command: Command) => {
      if (flags.reason.length < 1 || flags.reason.length > 200)
        throw CliError.badInput('--reason must be 1 to 200 characters');
      const options = cliOptions(command);
      const key = MerchantKey.load(options.keyFile);
      const client = apiClient(options);
      // The seller is whoever the invoice names: read it rather than trust a local setting.
      const { body: invoice } = await client.json<{ document: { seller: { taxId: string } } }>(
        'GET',
        `/invoices/${number}`,
      );
      const document: VoidDocument = {
        schema: 'taxchain.void.v1',
        invoiceNumber: number,
        sellerTaxId: invoice.document.seller.taxId,
        reason: flags.reason,
        keyId: key.keyId,
      };
      const { body } = await client.json<{
        invoiceNumber: string;
        status: string;
        voidedAt: string;
      }>('POST', `/invoices/${number}/void`, { document, signature: key.sign(document) });
      printJson({
        invoiceNumber: body.invoiceNumber,
        status: body.status,
        voidedAt: body.voidedAt,
      });
    });
}
