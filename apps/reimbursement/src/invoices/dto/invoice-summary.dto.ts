import { ApiProperty } from '@nestjs/swagger';
import {
  INVOICE_STATES,
  invoiceState,
  remainingGross,
  type Invoice,
  type InvoiceState,
} from '../invoice';
import { EXAMPLE } from './examples';

export class InvoicePartyDto {
  @ApiProperty({ example: EXAMPLE.sellerTaxId })
  taxId!: string;

  @ApiProperty({ example: 'Min River Tea Co., Ltd.' })
  name!: string;
}

export class AmountsDto {
  @ApiProperty({ description: 'Minor units (fen), integer strings throughout.', example: '10000' })
  net!: string;

  @ApiProperty({ example: '1300' })
  tax!: string;

  @ApiProperty({ example: '11300' })
  gross!: string;

  @ApiProperty({ description: 'Gross taken back by credit notes.', example: '0' })
  credited!: string;

  @ApiProperty({ description: 'Gross still reimbursable: gross − credited.', example: '11300' })
  remaining!: string;
}

export class InvoiceSummaryDto {
  @ApiProperty({ example: EXAMPLE.invoiceNumber })
  invoiceNumber!: string;

  @ApiProperty({
    enum: INVOICE_STATES,
    description: 'voided and reimbursed are final; claimed while a claim holds it.',
    example: 'issued',
  })
  state!: InvoiceState;

  @ApiProperty({ enum: ['invoice', 'credit-note'], example: 'invoice' })
  kind!: Invoice['kind'];

  @ApiProperty({ type: InvoicePartyDto })
  seller!: InvoicePartyDto;

  @ApiProperty({
    type: InvoicePartyDto,
    example: { taxId: EXAMPLE.buyerTaxId, name: 'Pudong Tools Co., Ltd.' },
  })
  buyer!: InvoicePartyDto;

  @ApiProperty({ format: 'date', example: '2026-11-23' })
  issueDate!: string;

  @ApiProperty({ example: 'CNY' })
  currency!: string;

  @ApiProperty({ type: AmountsDto })
  amounts!: AmountsDto;

  @ApiProperty({
    description: 'Hash of the invoice.issued ledger entry.',
    example: EXAMPLE.entryHash,
  })
  entryHash!: string;

  @ApiProperty({ format: 'date-time', example: EXAMPLE.issuedAt })
  issuedAt!: string;

  static from(invoice: Invoice): InvoiceSummaryDto {
    return {
      invoiceNumber: invoice.invoiceNumber,
      state: invoiceState(invoice),
      kind: invoice.kind,
      seller: invoice.seller,
      buyer: invoice.buyer,
      issueDate: invoice.issueDate,
      currency: invoice.currency,
      amounts: {
        net: invoice.net.toString(),
        tax: invoice.tax.toString(),
        gross: invoice.gross.toString(),
        credited: invoice.credited.toString(),
        remaining: remainingGross(invoice).toString(),
      },
      entryHash: invoice.entryHash,
      issuedAt: invoice.issuedAt.toISOString(),
    };
  }
}
