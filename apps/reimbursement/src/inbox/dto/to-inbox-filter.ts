import type { InboxFilter } from '../inbox.repository';
import type { InboxFilterQueryDto } from './inbox-query.dto';

/** The validated query as the repository's filter, always scoped to the caller. */
export function toInboxFilter(buyerTaxId: string, query: InboxFilterQueryDto): InboxFilter {
  return {
    buyerTaxId,
    sellerTaxId: query.seller,
    state: query.state,
    issuedFrom: query.issuedFrom,
    issuedTo: query.issuedTo,
    minGross: query.minGross === undefined ? undefined : BigInt(query.minGross),
    maxGross: query.maxGross === undefined ? undefined : BigInt(query.maxGross),
  };
}
