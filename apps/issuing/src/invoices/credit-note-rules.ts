import type { InvoiceDocument, InvoiceLine } from '@taxchain/contracts';
import { InvoicesException, InvoicesExceptionCode as Code } from './invoices.exception';

type Lines = Pick<InvoiceDocument, 'lines'>;

/**
 * What a credit note may take back from its original, given the credit notes already issued
 * against it. A credited line reverses something the original had: a line of the original at
 * the same tax rate with the same item (description). Per tax rate, the credited net and tax
 * may not exceed what the original charged at that rate less what earlier credit notes took
 * back. The first line that breaks a rule is named.
 */
export function checkCreditNoteLines(
  originalNumber: string,
  original: Lines,
  earlier: readonly Lines[],
  note: Lines,
): void {
  note.lines.forEach((line, i) => {
    const sameRate = original.lines.filter((o) => o.taxRate === line.taxRate);
    if (sameRate.length === 0)
      throw unmatched(
        i,
        `lines[${i}] is at tax rate ${line.taxRate}; invoice ${originalNumber} charged only ${ratesOf(original).join(', ')}.`,
      );
    if (!sameRate.some((o) => o.description === line.description))
      throw unmatched(
        i,
        `lines[${i}] names '${line.description}', which invoice ${originalNumber} does not have at tax rate ${line.taxRate} (it has ${sameRate.map((o) => `'${o.description}'`).join(', ')}).`,
      );
  });
  const remaining = new Map(ratesOf(original).map((rate) => [rate, sumAt(rate, [original])]));
  for (const rate of remaining.keys()) {
    const taken = sumAt(rate, earlier);
    const left = remaining.get(rate)!;
    remaining.set(rate, { net: left.net - taken.net, tax: left.tax - taken.tax });
  }
  const credited = new Map<string, { net: bigint; tax: bigint }>();
  note.lines.forEach((line, i) => {
    const sum = credited.get(line.taxRate) ?? { net: 0n, tax: 0n };
    const after = { net: sum.net + BigInt(line.amount), tax: sum.tax + BigInt(line.tax) };
    credited.set(line.taxRate, after);
    const left = remaining.get(line.taxRate)!;
    if (after.net > left.net || after.tax > left.tax)
      throw new InvoicesException(
        Code.CreditExceedsRemaining,
        `lines[${i}] takes the credit at tax rate ${line.taxRate} to net ${after.net}, tax ${after.tax}; invoice ${originalNumber} has net ${left.net}, tax ${left.tax} left to credit at that rate.`,
        {
          line: i,
          taxRate: line.taxRate,
          remainingNet: `${left.net}`,
          remainingTax: `${left.tax}`,
        },
      );
  });
}

function unmatched(line: number, detail: string): InvoicesException {
  return new InvoicesException(Code.CreditLineUnmatched, detail, { line });
}

function ratesOf(document: Lines): string[] {
  return [...new Set(document.lines.map((line) => line.taxRate))];
}

function sumAt(rate: string, documents: readonly Lines[]): { net: bigint; tax: bigint } {
  const lines: InvoiceLine[] = documents.flatMap((d) => d.lines.filter((l) => l.taxRate === rate));
  return {
    net: lines.reduce((sum, line) => sum + BigInt(line.amount), 0n),
    tax: lines.reduce((sum, line) => sum + BigInt(line.tax), 0n),
  };
}
