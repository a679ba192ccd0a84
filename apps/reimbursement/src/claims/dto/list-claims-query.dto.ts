import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CLAIM_STATES, type ClaimState } from '../claim';

/** Filters shared by the JSON list and the CSV export. */
export class ClaimFilterQueryDto {
  @ApiPropertyOptional({ enum: CLAIM_STATES, example: 'completed' })
  @IsOptional()
  @IsIn(CLAIM_STATES)
  state?: ClaimState;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Claims created at or after this instant.',
    example: '2026-11-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Claims created before this instant.',
    example: '2026-12-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class ListClaimsQueryDto extends ClaimFilterQueryDto {
  @ApiPropertyOptional({
    description: 'The nextCursor of the previous page; omit for the first page.',
    example: 'MTc5NTQxOTgwMDAwMDAwMC41YjBmN2MxZS0yZDRhLTRjMWItOWUzZi04YTZkMmM0YjFmMDc',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50, example: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 50;
}
