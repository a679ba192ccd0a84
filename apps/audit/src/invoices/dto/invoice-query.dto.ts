import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsCalendarDate } from '@taxchain/platform';
import { EXAMPLE } from '../../common/examples';
import { PageQueryDto } from '../../common/page-query.dto';

/** Search filters, shared by GET /invoices and the CSV export. */
export class InvoiceFilterQueryDto {
  @ApiPropertyOptional({ description: "Seller's tax ID", example: EXAMPLE.sellerTaxId })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  seller?: string;

  @ApiPropertyOptional({ description: "Buyer's tax ID", example: EXAMPLE.buyerTaxId })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  buyer?: string;

  @ApiPropertyOptional({
    description: "Part of the seller's or buyer's name, case-insensitive",
    example: 'Tea',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ description: 'Issued on or after (YYYY-MM-DD)', example: '2026-11-01' })
  @IsOptional()
  @IsCalendarDate('from must be YYYY-MM-DD')
  from?: string;

  @ApiPropertyOptional({ description: 'Issued on or before (YYYY-MM-DD)', example: '2026-11-30' })
  @IsOptional()
  @IsCalendarDate('to must be YYYY-MM-DD')
  to?: string;

  @ApiPropertyOptional({
    description: 'Smallest gross, minor units (a credit note by the size of its negative gross)',
    example: '10000',
  })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'minGross must be an amount in minor units' })
  minGross?: string;

  @ApiPropertyOptional({ description: 'Largest gross, minor units', example: '5000000' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'maxGross must be an amount in minor units' })
  maxGross?: string;

  @ApiPropertyOptional({ enum: ['issued', 'voided'], example: 'issued' })
  @IsOptional()
  @IsIn(['issued', 'voided'])
  status?: 'issued' | 'voided';

  @ApiPropertyOptional({
    enum: ['invoice', 'credit-note'],
    description: 'Only invoices, or only credit notes (红字发票)',
    example: 'credit-note',
  })
  @IsOptional()
  @IsIn(['invoice', 'credit-note'])
  kind?: 'invoice' | 'credit-note';

  @ApiPropertyOptional({ description: 'Invoices with a line at this rate', example: '0.13' })
  @IsOptional()
  @Matches(/^\d(\.\d{1,4})?$/, { message: 'taxRate must be a decimal fraction such as 0.13' })
  taxRate?: string;
}

/** GET /invoices: the filters and a page. */
export class InvoiceSearchQueryDto extends IntersectionType(InvoiceFilterQueryDto, PageQueryDto) {}
