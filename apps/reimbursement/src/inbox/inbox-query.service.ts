import { Injectable } from '@nestjs/common';
import type { Page, PageRequest } from '@taxchain/platform';
import { INVOICE_STATES } from '../invoices/invoice';
import { InboxClaimability } from './inbox-claimability';
import type { InboxItem, InboxTotal } from './inbox-item';
import { InboxRepository, type InboxFilter } from './inbox.repository';

/** Rows per round trip when exporting: bounded memory whatever the buyer's history. */
const EXPORT_CHUNK = 500;

export interface InboxPage extends Page<InboxItem> {
  totals: InboxTotal[];
}

/** A buyer's inbox: pages with totals for the API, every document for the CSV export. */
@Injectable()
export class InboxQuery {
  constructor(
    private readonly inbox: InboxRepository,
    private readonly claimability: InboxClaimability,
  ) {}

  async page(filter: InboxFilter, request: PageRequest): Promise<InboxPage> {
    const [page, totals] = await Promise.all([
      this.inbox.list(filter, request),
      this.inbox.totals(filter),
    ]);
    return {
      items: await this.claimability.items(page.items, filter.buyerTaxId),
      nextCursor: page.nextCursor,
      totals: INVOICE_STATES.map((state) => {
        const rows = totals.filter((row) => row.state === state);
        return {
          state,
          count: rows.reduce((sum, row) => sum + row.count, 0),
          gross: rows.map((row) => ({ currency: row.currency, amount: row.gross })),
        };
      }),
    };
  }

  async *all(filter: InboxFilter): AsyncGenerator<InboxItem[]> {
    let cursor: string | undefined;
    do {
      const page = await this.inbox.list(filter, { cursor, limit: EXPORT_CHUNK });
      if (page.items.length > 0) yield await this.claimability.items(page.items, filter.buyerTaxId);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
}
