import { readFileSync } from 'node:fs';
import {
  INVOICE_SCHEMA,
  isPositiveDecimal,
  priceLine,
  totalsOf,
  type InvoiceDocument,
  type InvoiceLine,
  type Party,
} from '@taxchain/contracts';
import { CliError } from './cli-error';

/** An invoice as a merchant writes it: amounts, totals, schema, kind and keyId may be left out. */
export interface InvoiceDraft extends Partial<Omit<InvoiceDocument, 'lines' | 'seller' | 'buyer'>> {
  seller: Party;
  buyer: Party;
  lines: Array<Omit<InvoiceLine, 'amount' | 'tax'> & Partial<Pick<InvoiceLine, 'amount' | 'tax'>>>;
}

/** Reads a JSON file, or standard input for "-". */
export function readJsonInput(source: string): unknown {
  let text: string;
  try {
    text = readFileSync(source === '-' ? 0 : source, 'utf8');
  } catch (error) {
    throw CliError.badInput(`cannot read ${source}: ${(error as Error).message}`);
  }
  return parseJson(text, source);
}

export function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw CliError.badInput(`${where} is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * The document to sign: missing line amounts and totals computed with the server's own pricing
 * (so they agree to the fen), given ones kept as written (the server judges them).
 */
export function completeInvoice(input: unknown, keyId: string, where: string): InvoiceDocument {
  const draft = checkDraft(input, where);
  const lines = draft.lines.map((line) => {
    const price = priceLine(line);
    return { ...line, amount: line.amount ?? price.amount, tax: line.tax ?? price.tax };
  });
  return {
    ...draft,
    schema: draft.schema ?? INVOICE_SCHEMA,
    kind: draft.kind ?? 'invoice',
    lines,
    totals: draft.totals ?? totalsOf(lines),
    keyId: draft.keyId ?? keyId,
  } as InvoiceDocument;
}

/** Enough shape checking to compute amounts; the server validates everything else. */
function checkDraft(input: unknown, where: string): InvoiceDraft {
  const bad = (problem: string) => CliError.badInput(`${where}: ${problem}`);
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw bad('an invoice must be a JSON object');
  const draft = input as InvoiceDraft;
  for (const party of ['seller', 'buyer'] as const)
    if (typeof draft[party]?.taxId !== 'string' || typeof draft[party]?.name !== 'string')
      throw bad(`${party} must have a taxId and a name`);
  if (!Array.isArray(draft.lines) || draft.lines.length === 0)
    throw bad('lines must be a non-empty array');
  draft.lines.forEach((line, i) => {
    for (const field of ['quantity', 'unitPrice'] as const)
      if (typeof line?.[field] !== 'string' || !isPositiveDecimal(line[field]))
        throw bad(`lines[${i}].${field} must be a positive decimal string`);
    if (typeof line.taxRate !== 'string' || !/^(0|1|0\.\d{1,6})$/.test(line.taxRate))
      throw bad(`lines[${i}].taxRate must be a decimal fraction string such as "0.13"`);
  });
  return draft;
}
