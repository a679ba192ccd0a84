import { Module } from '@nestjs/common';
import { AggregatesController } from './aggregates.controller';
import { DailyTotalsRepository } from './daily-totals.repository';

/** Daily totals kept by the feed, and the aggregates read from them. */
@Module({
  controllers: [AggregatesController],
  providers: [DailyTotalsRepository],
  exports: [DailyTotalsRepository],
})
export class AnalyticsModule {}
