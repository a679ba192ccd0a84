import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import {
  DECIMAL_PATTERN,
  INVOICE_SCHEMA,
  MINOR_UNITS_PATTERN,
  type InvoiceDocument,
  type InvoiceKind,
  type InvoiceLine,
  type InvoiceTotals,
  type Party,
  type SignedInvoice,
} from '@taxchain/contracts';
import { CompiledAcceptance, NestedObject, NestedObjects } from '@taxchain/platform';
import { EXAMPLE } from '../../common/examples';

// No property initializers anywhere here: the validated instance is canonicalized and its
// signature checked, so it must carry exactly the members the merchant sent.

const minorUnits = (field: string) =>
  Matches(MINOR_UNITS_PATTERN, { message: `${field} must be an integer string of minor units` });

export class InvoicePartyDto implements Party {
  @ApiProperty({ example: EXAMPLE.sellerTaxId })
  @IsString()
  @Length(1, 64)
  taxId!: string;

  @ApiProperty({ example: 'Fuzhou Harbour Tea Trading Co., Ltd.' })
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class InvoiceLineDto implements InvoiceLine {
  @ApiProperty({
    example: '*茶*武夷岩茶 250 g',
    description:
      '项目名称 as printed on the PDF: a 数电票 writes it *分类简称*名称, the short name of the tax classification first',
  })
  @IsString()
  @Length(1, 200)
  description!: string;

  @ApiProperty({
    description:
      'Positive decimal: up to 12 integer digits without leading zeros, up to 6 decimals; no sign, exponent or separator',
    pattern: DECIMAL_PATTERN.source,
    example: '3',
  })
  @Matches(DECIMAL_PATTERN, { message: 'quantity must be a decimal such as 3 or 0.125' })
  quantity!: string;

  @ApiProperty({
    description:
      'Major units (yuan), written as quantity is: up to 12 integer digits, up to 6 decimals, above zero',
    pattern: DECIMAL_PATTERN.source,
    example: '12.50',
  })
  @Matches(DECIMAL_PATTERN, { message: 'unitPrice must be a decimal such as 12.50' })
  unitPrice!: string;

  @ApiProperty({ example: '0.13', description: 'One of the configured rates, spelled exactly' })
  @IsString()
  @Length(1, 10)
  taxRate!: string;

  @ApiProperty({
    description: 'round_half_up(quantity × unitPrice × 100), fen',
    pattern: MINOR_UNITS_PATTERN.source,
    example: '3750',
  })
  @minorUnits('amount')
  amount!: string;

  @ApiProperty({
    description:
      'round_half_up(amount × taxRate), fen: tax is rounded per line, never on the total',
    pattern: MINOR_UNITS_PATTERN.source,
    example: '488',
  })
  @minorUnits('tax')
  tax!: string;
}

export class InvoiceTotalsDto implements InvoiceTotals {
  @ApiProperty({
    description: "Σ of the lines' amount, fen",
    pattern: MINOR_UNITS_PATTERN.source,
    example: '3750',
  })
  @minorUnits('net')
  net!: string;

  @ApiProperty({
    description: "Σ of the lines' tax, fen (each line's tax rounded on its own)",
    pattern: MINOR_UNITS_PATTERN.source,
    example: '488',
  })
  @minorUnits('tax')
  tax!: string;

  @ApiProperty({
    description:
      'net + tax, fen; at least 1 (`zero-gross` below: 1 × 0.004 yuan comes to 0 fen), at most 10^17 (`amount-too-large` above)',
    pattern: MINOR_UNITS_PATTERN.source,
    example: '4238',
  })
  @minorUnits('gross')
  gross!: string;
}

export class InvoiceDocumentDto implements InvoiceDocument {
  @ApiProperty({ enum: [INVOICE_SCHEMA], example: INVOICE_SCHEMA })
  @IsIn([INVOICE_SCHEMA])
  schema!: typeof INVOICE_SCHEMA;

  @ApiProperty({ enum: ['invoice', 'credit-note'], example: 'invoice' })
  @IsIn(['invoice', 'credit-note'])
  kind!: InvoiceKind;

  @ApiProperty({
    type: InvoicePartyDto,
    description:
      "You: your tax ID (`seller-mismatch` otherwise) and your name exactly as registered on the platform, as a fapiao prints the seller's registered name (`seller-name-mismatch` otherwise)",
  })
  @NestedObject(() => InvoicePartyDto)
  seller!: InvoicePartyDto;

  @ApiProperty({
    type: InvoicePartyDto,
    example: { taxId: EXAMPLE.buyerTaxId, name: 'Beijing Office Supplies Co.' },
  })
  @NestedObject(() => InvoicePartyDto)
  buyer!: InvoicePartyDto;

  @ApiProperty({
    description: 'Your own number; issuing is idempotent on it',
    example: EXAMPLE.documentNumber,
  })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/, {
    message: 'documentNumber must be 1-64 letters, digits, ".", "_", "/" or "-"',
  })
  documentNumber!: string;

  @ApiProperty({ description: 'YYYY-MM-DD, not after today in UTC+8', example: EXAMPLE.issueDate })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'issueDate must be YYYY-MM-DD' })
  issueDate!: string;

  @ApiProperty({ description: 'ISO 4217', example: 'CNY' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be three capital letters (ISO 4217)' })
  currency!: string;

  @ApiProperty({ type: [InvoiceLineDto] })
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @NestedObjects(() => InvoiceLineDto)
  lines!: InvoiceLineDto[];

  @ApiProperty({ type: InvoiceTotalsDto })
  @NestedObject(() => InvoiceTotalsDto)
  totals!: InvoiceTotalsDto;

  @ApiProperty({
    description: 'The registered key that signs this document',
    example: EXAMPLE.keyId,
  })
  @Matches(/^[0-9a-f]{32}$/, { message: 'keyId must be 32 lowercase hex characters' })
  keyId!: string;

  @ApiPropertyOptional({ description: 'Credit notes only: the invoice credited (20 digits)' })
  @IsOptional()
  @Matches(/^\d{20}$/, { message: 'creditedInvoiceNumber must be 20 digits' })
  creditedInvoiceNumber?: string;
}

@CompiledAcceptance()
export class SignedInvoiceDto implements SignedInvoice {
  @ApiProperty({ type: InvoiceDocumentDto })
  @NestedObject(() => InvoiceDocumentDto)
  invoice!: InvoiceDocumentDto;

  @ApiProperty({
    description:
      'ed25519 signature (128 lowercase hex) over the canonical JSON (RFC 8785) of invoice',
    example: EXAMPLE.invoiceSignature,
  })
  @Matches(/^[0-9a-f]{128}$/, { message: 'signature must be 128 lowercase hex characters' })
  signature!: string;
}
