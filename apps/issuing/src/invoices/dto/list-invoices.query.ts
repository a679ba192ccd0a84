import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '@taxchain/platform';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { EXAMPLE } from '../../common/examples';
import type { InvoiceStatus } from '../invoice-record';
import { PageQueryDto } from '../../parties/dto/page-query.dto';

export class ListInvoicesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['issued', 'voided'] })
  @IsOptional()
  @IsIn(['issued', 'voided'])
  status?: InvoiceStatus;

  @ApiPropertyOptional({ description: 'Issue date from, inclusive', example: '2026-11-01' })
  @IsOptional()
  @IsCalendarDate('from must be YYYY-MM-DD')
  from?: string;

  @ApiPropertyOptional({ description: 'Issue date to, inclusive', example: '2026-11-30' })
  @IsOptional()
  @IsCalendarDate('to must be YYYY-MM-DD')
  to?: string;

  @ApiPropertyOptional({ description: "Buyer's tax ID", example: EXAMPLE.buyerTaxId })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  buyer?: string;
}
