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
  @ApiProperty({
    description:
      'Minor units (fen), integer strings throughout; negative on a credit note, which takes them back.',
    example: '10000',
  })
  net!: string;

  @ApiProperty({ example: '1300' })
  tax!: string;

  @ApiProperty({ example: '11300' })
  gross!: string;

  @ApiProperty({ description: 'Gross taken back by credit notes.', example: '0' })
  credited!: string;

  @ApiProperty({
    description: 'Gross still reimbursable: gross − credited; always 0 on a credit note.',
    example: '11300',
  })
  remaining!: string;
}

export class InvoiceSummaryDto {
  @ApiProperty({ example: EXAMPLE.invoiceNumber })
  invoiceNumber!: string;

  @ApiProperty({
    enum: INVOICE_STATES,
    description:
      'voided and reimbursed are final; claimed while a claim holds it. A credit note is always issued.',
    example: 'issued',
  })
  state!: InvoiceState;

  @ApiProperty({
    enum: ['invoice', 'credit-note'],
    description:
      'A credit note (红字发票) is a document of its own: verified by its own number and check code, with negative amounts; it is never claimable (422 not-claimable).',
    example: 'invoice',
  })
  kind!: Invoice['kind'];

  @ApiProperty({
    required: false,
    description: 'Credit notes only: the number of the invoice it takes back.',
    example: EXAMPLE.invoiceNumber,
  })
  reverses?: string;

  @ApiProperty({
    required: false,
    type: [String],
    description: 'Invoices only: the credit notes that take part of it back, oldest first.',
    example: [],
  })
  creditedBy?: string[];

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
    description:
      'Hash of the ledger entry that records the document: invoice.issued, or invoice.credited for a credit note.',
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
      ...(invoice.reverses === null
        ? { creditedBy: invoice.creditedBy }
        : { reverses: invoice.reverses }),
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
