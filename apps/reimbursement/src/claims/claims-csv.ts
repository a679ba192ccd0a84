import type { Claim } from './claim';

export const CLAIMS_CSV_HEADER =
  'claimId,invoiceNumber,buyerTaxId,amount,expenseReference,state,createdAt,updatedAt\r\n';

/** RFC 4180 lines; a field a spreadsheet would run as a formula is defused with a quote. */
export function claimsCsvLines(claims: Claim[]): string {
  return claims
    .map((claim) =>
      [
        claim.claimId,
        claim.invoiceNumber,
        claim.buyerTaxId,
        claim.amount.toString(),
        claim.expenseReference ?? '',
        claim.state,
        claim.createdAt.toISOString(),
        claim.updatedAt.toISOString(),
      ]
        .map(csvField)
        .join(','),
    )
    .map((line) => `${line}\r\n`)
    .join('');
}

function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
