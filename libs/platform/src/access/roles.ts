/** What a registered party does: sells (issues invoices), buys (reimburses them), or both. */
export const PARTY_ROLES = ['merchant', 'company'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

/** What a credential may do; party roles act for a party, the others for the tax authority. */
export const CREDENTIAL_ROLES = ['admin', 'merchant', 'company', 'official'] as const;
export type CredentialRole = (typeof CREDENTIAL_ROLES)[number];

export function isPartyRole(role: string): role is PartyRole {
  return (PARTY_ROLES as readonly string[]).includes(role);
}
