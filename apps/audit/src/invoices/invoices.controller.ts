import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiInvalidCursor, ApiProblemResponse, Roles } from '@taxchain/platform';
import { ApiLedgerEntryTampered } from '@taxchain/ledger';
import { EXAMPLE } from '../common/examples';
import { InvoiceDto, InvoicePageDto } from './dto/invoice.dto';
import { InvoiceSearchQueryDto } from './dto/invoice-query.dto';
import { InvoiceTrailDto } from './dto/invoice-trail.dto';
import { toInvoiceFilter } from './dto/to-invoice-filter';
import { InvoicesQuery } from './invoices-query.service';

const ApiInvoiceNotFound = () =>
  ApiProblemResponse(404, [
    {
      code: 'invoice-not-found',
      title: 'Invoice not found',
      detail: `No ledger entry names invoice ${EXAMPLE.invoiceNumber}.`,
    },
  ]);

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

  @Get(':number')
  @ApiOperation({
    summary: 'One invoice or credit note: parties, totals, status and claim state',
    description:
      'The lines are in its `invoice.issued` (or `invoice.credited`) trail entry. A credit note (红字发票) has `kind: credit-note`, negative net, tax and gross, and `creditedInvoiceNumber` naming the invoice it takes back; that invoice states the gross taken back in `credited`.',
  })
  @ApiParam({ name: 'number', example: EXAMPLE.invoiceNumber })
  @ApiOkResponse({ type: InvoiceDto })
  @ApiInvoiceNotFound()
  async one(@Param('number') number: string): Promise<InvoiceDto> {
    return InvoiceDto.from(await this.query.one(number));
  }

  @Get(':number/trail')
  @ApiOperation({
    summary: "An invoice's ledger entries, each with its inclusion proof",
    description:
      "Issued, voided, credited and every claim attempt, read from the ledger itself. By a credit note's own number: the `invoice.credited` entry that records it (its `subject` is the original's number).",
  })
  @ApiParam({ name: 'number', example: EXAMPLE.invoiceNumber })
  @ApiOkResponse({ type: InvoiceTrailDto })
  @ApiInvoiceNotFound()
  @ApiLedgerEntryTampered()
  async trail(@Param('number') number: string): Promise<InvoiceTrailDto> {
    return InvoiceTrailDto.from(await this.query.trail(number));
  }
}
