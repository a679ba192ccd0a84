import type { MigrationSet } from '@taxchain/platform';
import { CreateAudit1795600000000 } from './1795600000000-create-audit';
import { DimensionTotals1795700000000 } from './1795700000000-dimension-totals';
import { SearchIndexes1795800000000 } from './1795800000000-search-indexes';
import { HistorySweep1796150000000 } from './1796150000000-history-sweep';
import { SellerActivityCounts1797400000000 } from './1797400000000-seller-activity-counts';
import { InvoiceCounts1797500000000 } from './1797500000000-invoice-counts';

export const auditMigrations: MigrationSet = {
  schema: 'audit',
  migrations: [
    CreateAudit1795600000000,
    DimensionTotals1795700000000,
    SearchIndexes1795800000000,
    HistorySweep1796150000000,
    SellerActivityCounts1797400000000,
    InvoiceCounts1797500000000,
  ],
};
