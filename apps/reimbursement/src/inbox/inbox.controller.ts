import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles, type Caller } from '@taxchain/platform';
import { buyerTaxIdOf } from '../claims/buyer-tax-id';
import { InboxPageDto } from './dto/inbox-page.dto';
import { ListInboxQueryDto } from './dto/inbox-query.dto';
import { toInboxFilter } from './dto/to-inbox-filter';
import { InboxQuery } from './inbox-query.service';
import { ApiInvalidInboxQuery } from './inbox-problems';

@ApiTags('inbox')
@Roles('company')
@Controller('inbox')
export class InboxController {
  constructor(private readonly query: InboxQuery) {}

  @Get()
  @ApiOperation({
    summary: 'Every document naming the caller as buyer, a page at a time, with totals per state',
    description:
      'Invoices and credit notes issued to the calling company, in the order the ledger recorded ' +
      'them (recording time, then number). The cursor is a position, not an offset: documents ' +
      'that arrive while you page land after it and are never skipped or repeated. Another ' +
      "company's documents never appear, whatever the filter.",
  })
  @ApiOkResponse({ type: InboxPageDto })
  @ApiInvalidInboxQuery({ paged: true })
  async list(
    @CurrentCaller() caller: Caller,
    @Query() query: ListInboxQueryDto,
  ): Promise<InboxPageDto> {
    return InboxPageDto.from(
      await this.query.page(toInboxFilter(buyerTaxIdOf(caller), query), query),
    );
  }
}
