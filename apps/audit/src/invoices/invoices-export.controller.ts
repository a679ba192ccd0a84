import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '@taxchain/platform';
import { streamCsv } from '@taxchain/platform/http/streamed-csv';
import { EXAMPLE } from '../common/examples';
import { InvoiceFilterQueryDto } from './dto/invoice-query.dto';
import { toInvoiceFilter } from './dto/to-invoice-filter';
import { INVOICES_CSV_COLUMNS, INVOICES_CSV_HEADER, invoiceCsvFields } from './invoices-csv';
import { InvoicesQuery } from './invoices-query.service';

@ApiTags('exports')
@Roles('official')
@Controller('exports')
export class InvoicesExportController {
  constructor(private readonly query: InvoicesQuery) {}

  @Get('invoices.csv')
  @ApiOperation({
    summary: 'Every matching invoice as CSV, streamed',
    description:
      'Same filters as GET /invoices; rows in recording order; amounts in minor units. Read a keyset page at a time and written with backpressure, so memory stays constant whatever the size.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'RFC 4180 CSV with a header line',
    content: {
      'text/csv': {
        schema: { type: 'string' },
        example:
          INVOICES_CSV_HEADER +
          `${EXAMPLE.invoiceNumber},invoice,${EXAMPLE.sellerTaxId},Min River Tea Co.,${EXAMPLE.buyerTaxId},Pudong Tools Co.,350100,2026-11-23,CNY,10000,1300,11300,0.13,issued,0,none,2,1041,${EXAMPLE.entryHash},${EXAMPLE.at}\r\n`,
      },
    },
  })
  async export(@Query() query: InvoiceFilterQueryDto, @Res() response: Response): Promise<void> {
    await streamCsv(response, {
      filename: 'invoices.csv',
      columns: INVOICES_CSV_COLUMNS,
      pages: this.query.all(toInvoiceFilter(query)),
      fields: invoiceCsvFields,
    });
  }
}
