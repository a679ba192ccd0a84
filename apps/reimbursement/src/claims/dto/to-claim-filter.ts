import type { ClaimFilter } from '../claims.repository';
import type { ClaimFilterQueryDto } from './list-claims-query.dto';

/** The validated query as the repository's filter, always scoped to the caller. */
export function toClaimFilter(buyerTaxId: string, query: ClaimFilterQueryDto): ClaimFilter {
  return {
    buyerTaxId,
    state: query.state,
    from: query.from === undefined ? undefined : new Date(query.from),
    to: query.to === undefined ? undefined : new Date(query.to),
  };
}
