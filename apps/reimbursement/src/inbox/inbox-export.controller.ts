import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentCaller, Roles, type Caller } from '@taxchain/platform';
import { csvHeader, csvLines, streamCsv } from '@taxchain/platform/http/streamed-csv';
import { buyerTaxIdOf } from '../claims/buyer-tax-id';
import { EXAMPLE } from '../invoices/dto/examples';
import { InboxFilterQueryDto } from './dto/inbox-query.dto';
import { toInboxFilter } from './dto/to-inbox-filter';
import { INBOX_CSV_COLUMNS, inboxCsvFields } from './inbox-csv';
import { InboxQuery } from './inbox-query.service';
import { ApiInvalidInboxQuery } from './inbox-problems';

const EXAMPLE_ROW = [
  EXAMPLE.invoiceNumber,
  'invoice',
  'issued',
  'true',
  EXAMPLE.sellerTaxId,
  'Min River Tea Co., Ltd.',
  'MRT-00000042',
  '2026-11-23',
  'CNY',
  '10000',
  '1300',
  '11300',
  '0',
  '11300',
  EXAMPLE.checkCode,
  '',
  EXAMPLE.issuedAt,
  '',
  '',
];

@ApiTags('inbox')
@Roles('company')
@Controller()
export class InboxExportController {
  constructor(private readonly query: InboxQuery) {}

  @Get('inbox.csv')
  @ApiOperation({
    summary: "Every document in the caller's inbox as CSV, streamed",
    description: 'Same filters as GET /inbox; rows in the same order; amounts in minor units.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'RFC 4180 CSV with a header line',
    content: {
      'text/csv': {
        schema: { type: 'string' },
        example: csvHeader(INBOX_CSV_COLUMNS) + csvLines([EXAMPLE_ROW], (row) => row),
      },
    },
  })
  @ApiInvalidInboxQuery({ paged: false })
  async export(
    @CurrentCaller() caller: Caller,
    @Query() query: InboxFilterQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    await streamCsv(response, {
      filename: 'inbox.csv',
      columns: INBOX_CSV_COLUMNS,
      pages: this.query.all(toInboxFilter(buyerTaxIdOf(caller), query)),
      fields: inboxCsvFields,
    });
  }
}
