import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  ApiProblemResponse,
  CurrentCaller,
  Roles,
  requestClockStart,
  requestFaultLog,
  type Caller,
} from '@taxchain/platform';
import { EXAMPLE, EXAMPLE_INVOICE } from '../../common/examples';
import { merchantOf } from '../../common/merchant-tax-id';
import {
  BatchItemResultDto,
  IssueBatchDto,
  IssueBatchResultDto,
  MAX_BATCH,
} from './issue-batch.dto';
import { IssueBatchService } from './issue-batch.service';

@ApiTags('invoices')
@Roles('merchant')
@Controller('invoices/batch')
export class InvoiceBatchController {
  constructor(private readonly batches: IssueBatchService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: `Issue up to ${MAX_BATCH} invoices you signed in one request`,
    description:
      'Each invoice is issued exactly as `POST /invoices` would issue it alone: atomic and idempotent on its document number, so a batch sent again answers 200 with the original receipts for those already issued. One invoice refused never holds back the others. The answer is 200 with one result per invoice, in order; a request that is not a batch at all (no `invoices` array, more than 500 items, an item that is not an object) is refused with 400 and writes nothing.',
  })
  @ApiBody({
    type: IssueBatchDto,
    examples: {
      batch: {
        summary: 'One invoice signed by the demo key (secret 0x01 × 32)',
        value: { invoices: [{ invoice: EXAMPLE_INVOICE, signature: EXAMPLE.invoiceSignature }] },
      },
    },
  })
  @ApiOkResponse({ type: IssueBatchResultDto })
  @ApiProblemResponse(400, [
    {
      code: 'validation-failed',
      title: 'Bad Request',
      detail: `invoices must contain no more than ${MAX_BATCH} elements`,
    },
  ])
  async issue(
    @CurrentCaller() caller: Caller,
    @Body() body: IssueBatchDto,
    @Req() request: Request,
  ): Promise<IssueBatchResultDto> {
    const { id } = request as Request & { id?: string | number };
    const results = await this.batches.issue(merchantOf(caller), body.invoices, {
      id: String(id ?? 'batch'),
      log: requestFaultLog(request, IssueBatchService.name),
      clockStart: requestClockStart(request),
    });
    const count = (test: (status: number) => boolean) =>
      results.filter(({ status }) => test(status)).length;
    return {
      results: results.map((result) => BatchItemResultDto.from(result)),
      issued: count((status) => status === 201),
      replayed: count((status) => status === 200),
      refused: count((status) => status >= 300),
    };
  }
}
