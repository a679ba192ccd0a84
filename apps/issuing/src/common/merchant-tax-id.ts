import type { Caller } from '@taxchain/platform';

/** The merchant a credential acts for, as registered: what it may issue as. */
export interface Merchant {
  taxId: string;
  /** The registered name, the only seller name its documents may carry. */
  name: string;
}

/** The merchant of a merchant credential; AuthGuard guarantees merchants have a party. */
export function merchantOf(caller: Caller): Merchant {
  if (!caller.party) throw new Error(`credential ${caller.credentialId} has no party`);
  return { taxId: caller.party.taxId, name: caller.party.name };
}

/** The tax ID a merchant credential acts for. */
export function merchantTaxId(caller: Caller): string {
  return merchantOf(caller).taxId;
}
