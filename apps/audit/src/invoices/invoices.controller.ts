import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponse, Roles } from '@taxchain/platform';
import { ApiInvalidCursor } from '../common/audit-problems';
import { EXAMPLE } from '../common/examples';
import { InvoicePageDto } from './dto/invoice.dto';
import { InvoiceSearchQueryDto } from './dto/invoice-query.dto';
import { InvoiceTrailDto } from './dto/invoice-trail.dto';
import { toInvoiceFilter } from './dto/to-invoice-filter';
import { InvoicesQuery } from './invoices-query.service';

@ApiTags('invoices')
@Roles('official')
@Controller('invoices')
export class InvoicesController {
  constructor(private readonly query: InvoicesQuery) {}

  @Get()
  @ApiOperation({ summary: 'Search every invoice on the platform, in recording order' })
  @ApiOkResponse({ type: InvoicePageDto })
  @ApiInvalidCursor()
  async search(@Query() query: InvoiceSearchQueryDto): Promise<InvoicePageDto> {
    return InvoicePageDto.from(await this.query.search(toInvoiceFilter(query), query));
  }

  @Get(':number/trail')
  @ApiOperation({
    summary: "An invoice's ledger entries, each with its inclusion proof",
    description: 'Issued, voided, credited and every claim attempt, read from the ledger itself.',
  })
  @ApiParam({ name: 'number', example: EXAMPLE.invoiceNumber })
  @ApiOkResponse({ type: InvoiceTrailDto })
  @ApiProblemResponse(404, [
    {
      code: 'invoice-not-found',
      title: 'Invoice not found',
      detail: `No ledger entry names invoice ${EXAMPLE.invoiceNumber}.`,
    },
  ])
  async trail(@Param('number') number: string): Promise<InvoiceTrailDto> {
    return InvoiceTrailDto.from(await this.query.trail(number));
  }
}
