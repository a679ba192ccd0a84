import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsCalendarDate } from '@taxchain/platform';
import { AGGREGATE_DIMENSIONS, type AggregateDimension } from '../daily-totals.repository';

export class AggregateQueryDto {
  @ApiProperty({ enum: AGGREGATE_DIMENSIONS, example: 'region' })
  @IsIn(AGGREGATE_DIMENSIONS)
  by!: AggregateDimension;

  @ApiPropertyOptional({
    description: 'Issue dates on or after (YYYY-MM-DD)',
    example: '2026-11-01',
  })
  @IsOptional()
  @IsCalendarDate('from must be YYYY-MM-DD')
  from?: string;

  @ApiPropertyOptional({
    description: 'Issue dates on or before (YYYY-MM-DD)',
    example: '2026-11-30',
  })
  @IsOptional()
  @IsCalendarDate('to must be YYYY-MM-DD')
  to?: string;
}
