import type { Caller } from '@taxchain/platform';

/** The tax ID a company credential acts for; @Roles('company') guarantees there is one. */
export function buyerTaxIdOf(caller: Caller): string {
  if (!caller.party) throw new Error(`credential ${caller.credentialId} acts for no party`);
  return caller.party.taxId;
}
