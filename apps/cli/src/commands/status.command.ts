import type { Command } from 'commander';
import type { ApiClient } from '../api-client';
import { CliError, ExitCode } from '../cli-error';
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
      const body = await invoiceAnswer(apiClient(cliOptions(command)), number);
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

/** Where each member shown lives, and what it must be: a string, or a string or null. */
const SHOWN: Array<[path: string[], nullable: boolean]> = [
  [['invoiceNumber'], false],
  [['kind'], false],
  [['status'], false],
  [['checkCode'], false],
  [['entryHash'], true],
  [['amounts', 'gross'], false],
  [['creditedGross'], false],
  [['document', 'documentNumber'], false],
  [['document', 'buyer', 'name'], false],
  [['createdAt'], false],
  [['voidedAt'], true],
];

/**
 * Invoice `number` as the service answers it. Nothing here is proven (`verify` does that), but an
 * answer that is unreadable, lacks a member shown, or is another invoice is refused, not shown.
 */
async function invoiceAnswer(client: ApiClient, number: string): Promise<InvoiceBody> {
  const answer = await client.untrusted(`/invoices/${number}`);
  const refuse = (why: string) =>
    new CliError(ExitCode.Refused, `the answer for invoice ${number} is unusable: ${why}`);
  if (!answer.readable) throw refuse(`${answer.reason} (${answer.detail})`);
  const missing = SHOWN.find(([path, nullable]) => {
    const value = path.reduce<unknown>(
      (at, member) =>
        typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[member] : undefined,
      answer.body,
    );
    return !(typeof value === 'string' || (nullable && value === null));
  });
  if (missing) throw refuse(`${missing[0].join('.')} is missing or not a string`);
  const body = answer.body as InvoiceBody;
  if (body.invoiceNumber !== number) throw refuse(`it is invoice ${body.invoiceNumber}`);
  return body;
}
