import type { InvoiceFilter } from '../invoice';
import type { InvoiceFilterQueryDto } from './invoice-query.dto';

export function toInvoiceFilter(query: InvoiceFilterQueryDto): InvoiceFilter {
  return {
    seller: query.seller,
    buyer: query.buyer,
    name: query.name,
    from: query.from,
    to: query.to,
    minGross: query.minGross === undefined ? undefined : BigInt(query.minGross),
    maxGross: query.maxGross === undefined ? undefined : BigInt(query.maxGross),
    status: query.status,
    taxRate: query.taxRate,
    kind: query.kind,
  };
}
