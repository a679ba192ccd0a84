import { Injectable } from '@nestjs/common';
import {
  CredentialVerifier,
  CredentialsRepository,
  PartiesRepository,
  createCredentialToken,
  isPartyRole,
  type Credential,
  type CredentialRole,
  type NewCredential,
  type Page,
  type PageRequest,
} from '@taxchain/platform/access/store';
import { PartiesException } from './parties.exception';

export interface IssueCredential {
  role: CredentialRole;
  /** The party a merchant or company credential acts for. */
  taxId?: string;
  label?: string;
}

/** A credential and its token: the only moment the token exists outside its holder. */
export interface IssuedCredential {
  credential: Credential;
  token: string;
}

/** Issues, rotates and revokes API credentials; stores only hashes of their secrets. */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly parties: PartiesRepository,
    private readonly verifier: CredentialVerifier,
  ) {}

  async issue(request: IssueCredential): Promise<IssuedCredential> {
    const holder = await this.holder(request);
    const secret = createCredentialToken(request.role);
    const credential = await this.credentials.insert({ role: request.role, ...holder, secret });
    return { credential, token: secret.token };
  }

  /** A new token for the same holder; the old one stops working (here at once). */
  async rotate(id: string): Promise<IssuedCredential> {
    const existing = await this.credentials.findById(id);
    if (!existing) throw PartiesException.credentialNotFound(id);
    if (existing.revokedAt) throw PartiesException.credentialRevoked(id);
    const secret = createCredentialToken(existing.role);
    const credential = await this.credentials.rotate(id, secret);
    // Revoked by a concurrent call between the read and the rotation.
    if (!credential) throw PartiesException.credentialRevoked(id);
    this.verifier.forget(id);
    return { credential, token: secret.token };
  }

  async revoke(id: string): Promise<Credential> {
    const credential = await this.credentials.revoke(id);
    if (!credential) throw PartiesException.credentialNotFound(id);
    this.verifier.forget(id);
    return credential;
  }

  list(page: PageRequest): Promise<Page<Credential>> {
    return this.credentials.list(page);
  }

  private async holder(
    request: IssueCredential,
  ): Promise<Pick<NewCredential, 'partyId' | 'label'>> {
    if (!isPartyRole(request.role)) return { partyId: null, label: request.label ?? request.role };
    const taxId = request.taxId ?? '';
    const party = await this.parties.findByTaxId(taxId);
    if (!party) throw PartiesException.partyNotFound(taxId);
    if (!party.roles.includes(request.role))
      throw PartiesException.roleNotHeld(taxId, request.role);
    return { partyId: party.id, label: request.label ?? `${party.name} (${request.role})` };
  }
}
