import { ApiProperty } from '@nestjs/swagger';
import { ApiNextCursor } from '@taxchain/platform';
import type { Page } from '@taxchain/platform';
import { EXAMPLE } from '../../common/examples';
import type { AuditInvoice } from '../invoice';

class PartyRefDto {
  @ApiProperty({ example: EXAMPLE.sellerTaxId })
  taxId!: string;

  @ApiProperty({ example: 'Min River Tea Co., Ltd.' })
  name!: string;
}

/** Amounts are minor units (fen) as integer strings: no float ever touches money. */
export class InvoiceDto {
  @ApiProperty({ example: EXAMPLE.invoiceNumber })
  invoiceNumber!: string;

  @ApiProperty({ enum: ['invoice', 'credit-note'], example: 'invoice' })
  kind!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  creditedInvoiceNumber!: string | null;

  @ApiProperty({ type: PartyRefDto })
  seller!: PartyRefDto;

  @ApiProperty({
    type: PartyRefDto,
    example: { taxId: EXAMPLE.buyerTaxId, name: 'Pudong Tools Co., Ltd.' },
  })
  buyer!: PartyRefDto;

  @ApiProperty({ description: "GB/T 2260 division of the seller's tax ID", example: '350100' })
  region!: string;

  @ApiProperty({ format: 'date', example: '2026-11-23' })
  issueDate!: string;

  @ApiProperty({ example: 'CNY' })
  currency!: string;

  @ApiProperty({ example: '10000' })
  net!: string;

  @ApiProperty({ example: '1300' })
  tax!: string;

  @ApiProperty({ example: '11300' })
  gross!: string;

  @ApiProperty({ type: [String], example: ['0.13'] })
  taxRates!: string[];

  @ApiProperty({ enum: ['issued', 'voided'], example: 'issued' })
  status!: string;

  @ApiProperty({ description: 'Gross credited back by credit notes', example: '0' })
  credited!: string;

  @ApiProperty({ enum: ['none', 'claimed', 'released', 'completed'], example: 'completed' })
  claimState!: string;

  @ApiProperty({ description: 'Claim attempts the platform refused', example: 0 })
  refusedClaims!: number;

  @ApiProperty({ example: 2 })
  chain!: number;

  @ApiProperty({ example: 1041 })
  seq!: number;

  @ApiProperty({ example: EXAMPLE.entryHash })
  entryHash!: string;

  @ApiProperty({ format: 'date-time', example: EXAMPLE.at })
  issuedAt!: string;

  static from(invoice: AuditInvoice): InvoiceDto {
    return {
      ...invoice,
      net: invoice.net.toString(),
      tax: invoice.tax.toString(),
      gross: invoice.gross.toString(),
      credited: invoice.credited.toString(),
      issuedAt: invoice.issuedAt.toISOString(),
    };
  }
}

export class InvoicePageDto {
  @ApiProperty({ type: [InvoiceDto] })
  items!: InvoiceDto[];

  @ApiNextCursor()
  nextCursor!: string | null;

  static from(page: Page<AuditInvoice>): InvoicePageDto {
    return { items: page.items.map((i) => InvoiceDto.from(i)), nextCursor: page.nextCursor };
  }
}
