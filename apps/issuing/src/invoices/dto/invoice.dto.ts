import { ApiProperty } from '@nestjs/swagger';
import { signedAmount } from '@taxchain/contracts';
import { ApiNextCursor } from '@taxchain/platform';
import type { Page } from '@taxchain/platform';
import { EXAMPLE } from '../../common/examples';
import type { InvoiceRecord } from '../invoice-record';
import { InvoiceDocumentDto } from './signed-invoice.dto';

export class SignedAmountsDto {
  @ApiProperty({ example: '-3750' })
  net!: string;

  @ApiProperty({ example: '-488' })
  tax!: string;

  @ApiProperty({ example: '-4238' })
  gross!: string;

  static of(invoice: Pick<InvoiceRecord, 'kind' | 'net' | 'tax' | 'gross'>): SignedAmountsDto {
    const signed = (amount: string) => signedAmount(invoice.kind, amount).toString();
    return { net: signed(invoice.net), tax: signed(invoice.tax), gross: signed(invoice.gross) };
  }
}

export class InvoiceDto {
  @ApiProperty({ example: EXAMPLE.invoiceNumber })
  invoiceNumber!: string;

  @ApiProperty({ enum: ['invoice', 'credit-note'], example: 'invoice' })
  kind!: string;

  @ApiProperty({ enum: ['issued', 'voided'], example: 'issued' })
  status!: string;

  @ApiProperty({ example: EXAMPLE.checkCode })
  checkCode!: string;

  @ApiProperty({ type: String, nullable: true, example: EXAMPLE.entryHash })
  entryHash!: string | null;

  @ApiProperty({ example: true })
  buyerRegistered!: boolean;

  @ApiProperty({
    description:
      "Net, tax and gross in minor units, as they count: a credit note's are negative, since it " +
      'takes them back (its signed document holds them positive).',
    type: SignedAmountsDto,
  })
  amounts!: SignedAmountsDto;

  @ApiProperty({ description: 'Gross credited by credit notes so far, minor units', example: '0' })
  creditedGross!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  creditedInvoiceNumber!: string | null;

  @ApiProperty({ type: InvoiceDocumentDto, description: 'The document exactly as signed' })
  document!: InvoiceDocumentDto;

  @ApiProperty({ example: EXAMPLE.invoiceSignature })
  signature!: string;

  @ApiProperty({ format: 'date-time', example: EXAMPLE.at })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  voidedAt!: string | null;

  static from(invoice: InvoiceRecord): InvoiceDto {
    return {
      invoiceNumber: invoice.invoiceNumber,
      kind: invoice.kind,
      status: invoice.status,
      checkCode: invoice.checkCode,
      entryHash: invoice.entryHash,
      buyerRegistered: invoice.buyerRegistered,
      amounts: SignedAmountsDto.of(invoice),
      creditedGross: invoice.creditedGross,
      creditedInvoiceNumber: invoice.creditedInvoiceNumber,
      document: invoice.document,
      signature: invoice.signature,
      createdAt: invoice.createdAt.toISOString(),
      voidedAt: invoice.voidedAt?.toISOString() ?? null,
    };
  }
}

export class InvoicePageDto {
  @ApiProperty({ type: [InvoiceDto] })
  items!: InvoiceDto[];

  @ApiNextCursor()
  nextCursor!: string | null;

  static from(page: Page<InvoiceRecord>): InvoicePageDto {
    return { items: page.items.map((i) => InvoiceDto.from(i)), nextCursor: page.nextCursor };
  }
}
