import type { INestApplicationContext } from '@nestjs/common';
import { generateTaxId } from '@taxchain/contracts';
import { createCredentialToken } from '../access/credential-token';
import { CredentialsRepository, type Credential } from '../access/credentials.repository';
import { PartiesRepository, type Party } from '../access/parties.repository';
import type { CredentialRole, PartyRole } from '../access/roles';

export interface GivenCredential {
  credential: Credential;
  /** For `Authorization: Bearer <token>`. */
  token: string;
}

/**
 * Factories for parties and credentials in a test's database, through the same repositories
 * the services use: `const { token } = await GivenAccess.from(app).merchant()`.
 */
export class GivenAccess {
  constructor(
    private readonly parties: PartiesRepository,
    private readonly credentials: CredentialsRepository,
  ) {}

  static from(app: INestApplicationContext): GivenAccess {
    return new GivenAccess(app.get(PartiesRepository), app.get(CredentialsRepository));
  }

  /** A party with a fresh, valid tax ID (Shanghai Pudong unless given). */
  async party(roles: PartyRole[], overrides: Partial<Pick<Party, 'taxId' | 'name'>> = {}) {
    const taxId = overrides.taxId ?? generateTaxId('310115');
    const party = await this.parties.insert({ taxId, name: `Party ${taxId}`, roles, ...overrides });
    if (!party) throw new Error(`tax ID ${taxId} is already registered`);
    return party;
  }

  async credential(role: CredentialRole, party?: Party): Promise<GivenCredential> {
    const secret = createCredentialToken(role);
    const credential = await this.credentials.insert({
      role,
      label: `test ${role}`,
      partyId: party?.id ?? null,
      secret,
    });
    return { credential, token: secret.token };
  }

  /** A merchant and its credential; `name` is what its documents must name as seller. */
  async merchant(
    overrides: Partial<Pick<Party, 'taxId' | 'name'>> = {},
  ): Promise<GivenCredential & { party: Party }> {
    const party = await this.party(['merchant'], overrides);
    return { party, ...(await this.credential('merchant', party)) };
  }

  async company(): Promise<GivenCredential & { party: Party }> {
    const party = await this.party(['company']);
    return { party, ...(await this.credential('company', party)) };
  }

  official(): Promise<GivenCredential> {
    return this.credential('official');
  }

  admin(): Promise<GivenCredential> {
    return this.credential('admin');
  }
}
