import { ApiProperty } from '@nestjs/swagger';
import type { Aggregate } from '../daily-totals.repository';

/**
 * Sums in minor units. Voids take their invoice back out; credit notes subtract their amounts
 * (red-letter) without changing the count. An invoice is counted once, except by rate: with lines
 * at two rates it is in both rate groups, with each group's lines' amounts.
 */
export class AggregateDto {
  @ApiProperty({ description: 'The day, tax ID, rate or region', example: '350100' })
  key!: string;

  @ApiProperty({
    description:
      'Invoices issued and not voided (by rate: once per rate it has a line at); credit notes are not counted.',
    example: '42',
  })
  count!: string;

  @ApiProperty({ example: '420000' })
  net!: string;

  @ApiProperty({ example: '54600' })
  tax!: string;

  @ApiProperty({
    description:
      'Minor units: invoices − voided invoices − credit notes (their amounts taken back); net and tax likewise.',
    example: '474600',
  })
  gross!: string;

  static from(a: Aggregate): AggregateDto {
    return {
      key: a.key,
      count: a.count.toString(),
      net: a.net.toString(),
      tax: a.tax.toString(),
      gross: a.gross.toString(),
    };
  }
}

export class AggregatesDto {
  @ApiProperty({ example: 'region' })
  by!: string;

  @ApiProperty({ type: [AggregateDto] })
  items!: AggregateDto[];
}
