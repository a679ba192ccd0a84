import { generateTaxId } from '@taxchain/contracts';
import { nativeEd25519 } from '@taxchain/ledger';
import { DataSource } from 'typeorm';
import { createDemoAccess } from '../seed/demo-access';
import { MerchantSigner } from './merchant-signer';

export interface LoadParties {
  admin: string;
  official: string;
  merchants: Array<{ signer: MerchantSigner; token: string }>;
  buyers: Array<{ taxId: string; token: string }>;
}

/**
 * Merchants with registered signing keys and buyer companies with credentials, for a load run:
 * parties through the admin services (as `npm run admin` registers them), keys through the
 * issuing API (as merchants register them). Load generators sign natively, to keep up.
 */
export async function createLoadParties(
  databaseUrl: string,
  issuingUrl: string,
  counts: { merchants: number; buyers: number },
): Promise<LoadParties> {
  const member = (role: 'merchant' | 'company', i: number) => ({
    name: `Load ${role} ${i + 1}`,
    taxId: generateTaxId('310115'),
    roles: [role],
  });
  const cast = [
    ...Array.from({ length: counts.merchants }, (_, i) => member('merchant', i)),
    ...Array.from({ length: counts.buyers }, (_, i) => member('company', i)),
  ];
  const db = await new DataSource({ type: 'postgres', url: databaseUrl }).initialize();
  const access = await createDemoAccess(db, cast).finally(() => db.destroy());
  const merchants = cast
    .filter(({ roles }) => roles.includes('merchant'))
    .map((party) => ({
      signer: new MerchantSigner(party, undefined, nativeEd25519),
      token: access.merchants[party.taxId],
    }));
  for (const { signer, token } of merchants) {
    const response = await fetch(`${issuingUrl}/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(signer.registration()),
    });
    if (response.status !== 201)
      throw new Error(`key registration answered ${response.status}: ${await response.text()}`);
  }
  return {
    admin: access.admin,
    official: access.official,
    merchants,
    buyers: Object.entries(access.companies).map(([taxId, token]) => ({ taxId, token })),
  };
}
