import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
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
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  from?: string;

  @ApiPropertyOptional({
    description: 'Issue dates on or before (YYYY-MM-DD)',
    example: '2026-11-30',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  to?: string;
}
