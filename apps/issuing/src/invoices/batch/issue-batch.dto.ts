import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { ProblemDto } from '@taxchain/platform';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject } from 'class-validator';
import { InvoiceReceiptDto } from '../dto/invoice-receipt.dto';
import { SignedInvoiceDto } from '../dto/signed-invoice.dto';
import type { BatchItemResult } from './issue-batch.service';

export const MAX_BATCH = 500;

/**
 * The items are checked one by one (each as the body of `POST /invoices` would be), so that one
 * malformed invoice is refused alone and the rest of the batch is still issued.
 */
@ApiExtraModels(SignedInvoiceDto)
export class IssueBatchDto {
  @ApiProperty({
    type: 'array',
    items: { $ref: getSchemaPath(SignedInvoiceDto) },
    minItems: 1,
    maxItems: MAX_BATCH,
    description: `1 to ${MAX_BATCH} signed invoices, each exactly as \`POST /invoices\` takes it.`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH)
  @IsObject({ each: true, message: 'each of invoices must be a signed invoice object' })
  invoices!: object[];
}

export class BatchItemResultDto {
  @ApiProperty({ description: 'Position of the invoice in the request, from 0', example: 0 })
  index!: number;

  @ApiPropertyOptional({ description: 'The document number, when the item had one' })
  documentNumber?: string;

  @ApiProperty({
    description:
      'What `POST /invoices` would have answered for this invoice alone: 201 issued, 200 a replay of one issued before, 4xx refused (nothing written for it), 503 not written because a dependency was down or the batch ran out of time before starting it (`batch-time-exhausted`; send it again), 503 `batch-item-in-doubt` still being written when the batch had to be answered (issued once or not at all: send it again to learn which), 500 an internal error (quote its correlationId). Only 200 and 201 (and possibly an in-doubt item) wrote anything.',
    example: 201,
  })
  status!: number;

  @ApiPropertyOptional({ type: InvoiceReceiptDto, description: 'On 200 and 201' })
  receipt?: InvoiceReceiptDto;

  @ApiPropertyOptional({ type: ProblemDto, description: 'Otherwise: an RFC 9457 problem' })
  problem?: ProblemDto;

  static from(result: BatchItemResult): BatchItemResultDto {
    const { index, documentNumber, status } = result;
    if ('receipt' in result)
      return { index, documentNumber, status, receipt: InvoiceReceiptDto.from(result.receipt) };
    return { index, documentNumber, status, problem: result.problem };
  }
}

export class IssueBatchResultDto {
  @ApiProperty({ type: [BatchItemResultDto], description: 'One result per invoice, in order' })
  results!: BatchItemResultDto[];

  @ApiProperty({ description: 'Invoices newly issued (201)', example: 499 })
  issued!: number;

  @ApiProperty({ description: 'Retries of invoices issued before (200)', example: 0 })
  replayed!: number;

  @ApiProperty({ description: 'Invoices not issued (every other status)', example: 1 })
  refused!: number;
}
