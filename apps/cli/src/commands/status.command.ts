import type { Command } from 'commander';
import { apiClient, cliOptions } from '../cli-options';
import { printJson } from '../output';
import { invoiceNumberArgument } from './invoice-number';

interface InvoiceBody {
  invoiceNumber: string;
  kind: string;
  status: string;
  checkCode: string;
  entryHash: string | null;
  amounts: { gross: string };
  creditedGross: string;
  document: { documentNumber: string; buyer: { name: string } };
  createdAt: string;
  voidedAt: string | null;
}

export function statusCommand(program: Command): void {
  program
    .command('status')
    .description('show one of your invoices')
    .argument('<number>', 'invoice number', invoiceNumberArgument)
    .option('--full', 'print the whole record with the signed document')
    .action(async (number: string, flags: { full?: boolean }, command: Command) => {
      const { body } = await apiClient(cliOptions(command)).json<InvoiceBody>(
        'GET',
        `/invoices/${number}`,
      );
      if (flags.full) return printJson(body);
      printJson({
        invoiceNumber: body.invoiceNumber,
        kind: body.kind,
        status: body.status,
        checkCode: body.checkCode,
        entryHash: body.entryHash,
        documentNumber: body.document.documentNumber,
        buyer: body.document.buyer.name,
        gross: body.amounts.gross, // negative on a credit note
        creditedGross: body.creditedGross,
        createdAt: body.createdAt,
        voidedAt: body.voidedAt,
      });
    });
}
