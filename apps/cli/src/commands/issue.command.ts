import type { Command } from 'commander';
import { CliError } from '../cli-error';
import { apiClient, cliOptions } from '../cli-options';
import { completeInvoice, readJsonInput } from '../invoice-input';
import { MerchantKey } from '../key-file';
import { printJson } from '../output';
import { issueBatch } from './issue-batch';

export function issueCommand(program: Command): void {
  program
    .command('issue')
    .description(
      'sign and issue an invoice from a JSON file ("-" for stdin); totals are computed when left out',
    )
    .argument('[file]', 'invoice document JSON, or - for standard input')
    .option(
      '--batch <file>',
      'issue every invoice of a JSON Lines file, 500 per request (POST /invoices/batch)',
    )
    .option('--concurrency <n>', 'batch requests in flight for --batch', '2')
    .action(
      async (
        file: string | undefined,
        flags: { batch?: string; concurrency: string },
        command: Command,
      ) => {
        const options = cliOptions(command);
        if (flags.batch) {
          const concurrency = Number(flags.concurrency);
          if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 8)
            throw CliError.badInput('--concurrency must be an integer from 1 to 8');
          return issueBatch(options, flags.batch, concurrency);
        }
        if (!file) throw CliError.badInput('give an invoice file (or -), or --batch <file.jsonl>');
        const key = MerchantKey.load(options.keyFile);
        const invoice = completeInvoice(readJsonInput(file), key.keyId, file);
        const client = apiClient(options);
        const { status, body } = await client.json<object>('POST', '/invoices', {
          invoice,
          signature: key.sign(invoice),
        });
        printJson({ ...body, replayed: status === 200 });
      },
    );
}
