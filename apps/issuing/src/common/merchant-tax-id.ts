import type { Caller } from '@taxchain/platform';

/** The tax ID a merchant credential acts for; AuthGuard guarantees merchants have a party. */
export function merchantTaxId(caller: Caller): string {
  if (!caller.party) throw new Error(`credential ${caller.credentialId} has no party`);
  return caller.party.taxId;
}
