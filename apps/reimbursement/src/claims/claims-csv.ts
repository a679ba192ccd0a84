import type { Claim } from './claim';

export const CLAIMS_CSV_COLUMNS = [
  'claimId',
  'invoiceNumber',
  'buyerTaxId',
  'amount',
  'expenseReference',
  'state',
  'createdAt',
  'updatedAt',
] as const;

/** One claim's CSV fields, in the order of CLAIMS_CSV_COLUMNS; amounts in minor units. */
export function claimCsvFields(claim: Claim): string[] {
  return [
    claim.claimId,
    claim.invoiceNumber,
    claim.buyerTaxId,
    claim.amount.toString(),
    claim.expenseReference ?? '',
    claim.state,
    claim.createdAt.toISOString(),
    claim.updatedAt.toISOString(),
  ];
}
