import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsCalendarDate, PageQuery } from '@taxchain/platform';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { INVOICE_STATES, type InvoiceState } from '../../invoices/invoice';
import { EXAMPLE } from '../../invoices/dto/examples';

const MINOR = /^\d{1,18}$/;

/** Filters shared by the JSON inbox and its CSV export. */
export class InboxFilterQueryDto {
  @ApiPropertyOptional({
    description: "Only this seller's documents (tax ID).",
    example: EXAMPLE.sellerTaxId,
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  seller?: string;

  @ApiPropertyOptional({ enum: INVOICE_STATES, example: 'issued' })
  @IsOptional()
  @IsIn(INVOICE_STATES)
  state?: InvoiceState;

  @ApiPropertyOptional({
    format: 'date',
    description: 'Documents issued on or after this date (the issue date printed on them).',
    example: '2026-11-01',
  })
  @IsOptional()
  @IsCalendarDate('issuedFrom must be a date, YYYY-MM-DD')
  issuedFrom?: string;

  @ApiPropertyOptional({
    format: 'date',
    description: 'Documents issued on or before this date.',
    example: '2026-11-30',
  })
  @IsOptional()
  @IsCalendarDate('issuedTo must be a date, YYYY-MM-DD')
  issuedTo?: string;

  @ApiPropertyOptional({
    description: 'Gross of at least this much, in minor units (an integer string).',
    example: '10000',
  })
  @IsOptional()
  @Matches(MINOR, { message: 'minGross must be minor units, an integer string' })
  minGross?: string;

  @ApiPropertyOptional({
    description: 'Gross of at most this much, in minor units (an integer string).',
    example: '500000',
  })
  @IsOptional()
  @Matches(MINOR, { message: 'maxGross must be minor units, an integer string' })
  maxGross?: string;
}

export class ListInboxQueryDto extends IntersectionType(InboxFilterQueryDto, PageQuery(200)) {}
