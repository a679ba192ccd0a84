import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { apiClient, cliOptions } from '../cli-options';
import { printJson } from '../output';
import { invoiceNumberArgument } from './invoice-number';

export function pdfCommand(program: Command): void {
  program
    .command('pdf')
    .description('download the printable invoice')
    .argument('<number>', 'invoice number', invoiceNumberArgument)
    .option('-o, --output <file>', 'where to write it (default <number>.pdf)')
    .action(async (number: string, flags: { output?: string }, command: Command) => {
      const bytes = await apiClient(cliOptions(command)).bytes(`/invoices/${number}.pdf`);
      const file = flags.output ?? `${number}.pdf`;
      writeFileSync(file, bytes);
      printJson({ invoiceNumber: number, file, bytes: bytes.length });
    });
}
