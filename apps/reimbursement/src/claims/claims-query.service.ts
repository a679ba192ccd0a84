import { Injectable } from '@nestjs/common';
import type { Page, PageRequest } from '@taxchain/platform';
import type { Claim } from './claim';
import { ClaimsRepository, type ClaimFilter } from './claims.repository';

/** Rows per round trip when exporting: bounded memory whatever the buyer's history. */
const EXPORT_CHUNK = 500;

/** A buyer's own claims: pages for the API, every row for the CSV export. */
@Injectable()
export class ClaimsQuery {
  constructor(private readonly claims: ClaimsRepository) {}

  list(filter: ClaimFilter, page: PageRequest): Promise<Page<Claim>> {
    return this.claims.list(filter, page);
  }

  async *all(filter: ClaimFilter): AsyncGenerator<Claim[]> {
    let cursor: string | undefined;
    do {
      const page = await this.claims.list(filter, { cursor, limit: EXPORT_CHUNK });
      if (page.items.length > 0) yield page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
}
