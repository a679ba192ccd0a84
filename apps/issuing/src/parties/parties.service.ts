import { Injectable } from '@nestjs/common';
import {
  PartiesRepository,
  TaxIdPolicy,
  type NewParty,
  type Page,
  type PageRequest,
  type Party,
} from '@taxchain/platform/access/store';
import { PartiesException } from './parties.exception';

/** Registers the merchants and companies that may be issued credentials. */
@Injectable()
export class PartiesService {
  constructor(
    private readonly parties: PartiesRepository,
    private readonly taxIds: TaxIdPolicy,
  ) {}

  async register(party: NewParty): Promise<Party> {
    const check = this.taxIds.validate(party.taxId);
    if (!check.ok) throw PartiesException.invalidTaxId(check.reason);
    const created = await this.parties.insert({ ...party, roles: [...new Set(party.roles)] });
    if (!created) throw PartiesException.duplicateTaxId(party.taxId);
    return created;
  }

  list(page: PageRequest): Promise<Page<Party>> {
    return this.parties.list(page);
  }
}
