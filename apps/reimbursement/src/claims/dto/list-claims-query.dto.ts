import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsInstant, PageQuery } from '@taxchain/platform';
import { IsIn, IsOptional } from 'class-validator';
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
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Claims created before this instant.',
    example: '2026-12-01T00:00:00Z',
  })
  @IsOptional()
  @IsInstant()
  to?: string;
}

export class ListClaimsQueryDto extends IntersectionType(ClaimFilterQueryDto, PageQuery(100)) {}
