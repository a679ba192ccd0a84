import { InvalidArgumentError } from 'commander';

/** Invoice numbers are 20 digits; anything else is a typo, refused before any request. */
export function invoiceNumberArgument(value: string): string {
  if (!/^\d{20}$/.test(value)) throw new InvalidArgumentError('an invoice number is 20 digits');
  return value;
}
