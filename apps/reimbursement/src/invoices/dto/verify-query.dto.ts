import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, Matches } from 'class-validator';
import { NestedObjects } from '@taxchain/platform';
import { EXAMPLE } from './examples';

export const INVOICE_NUMBER = /^\d{20}$/;
export const CHECK_CODE = /^\d{6}$/;
export const VERIFY_BATCH_MAX = 500;

export class VerifyQueryDto {
  @ApiProperty({
    description: 'The 6-digit check code printed on the invoice.',
    example: EXAMPLE.checkCode,
  })
  @Matches(CHECK_CODE, { message: 'checkCode must be 6 digits' })
  checkCode!: string;
}

export class VerifyItemDto {
  @ApiProperty({ example: EXAMPLE.invoiceNumber })
  @Matches(INVOICE_NUMBER, { message: 'invoiceNumber must be 20 digits' })
  invoiceNumber!: string;

  @ApiProperty({ example: EXAMPLE.checkCode })
  @Matches(CHECK_CODE, { message: 'checkCode must be 6 digits' })
  checkCode!: string;
}

export class VerifyBatchDto {
  @ApiProperty({
    type: [VerifyItemDto],
    minItems: 1,
    maxItems: VERIFY_BATCH_MAX,
    example: [{ invoiceNumber: EXAMPLE.invoiceNumber, checkCode: EXAMPLE.checkCode }],
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(VERIFY_BATCH_MAX)
  @NestedObjects(() => VerifyItemDto)
  invoices!: VerifyItemDto[];
}
