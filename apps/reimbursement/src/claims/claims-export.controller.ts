import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentCaller, Roles, type Caller } from '@taxchain/platform';
import { csvHeader, streamCsv } from '@taxchain/platform/http/streamed-csv';
import { buyerTaxIdOf } from './buyer-tax-id';
import { CLAIMS_CSV_COLUMNS, claimCsvFields } from './claims-csv';
import { ApiInvalidRequest } from './claims-problems';
import { ClaimsQuery } from './claims-query.service';
import { ClaimFilterQueryDto } from './dto/list-claims-query.dto';
import { toClaimFilter } from './dto/to-claim-filter';
import { EXAMPLE } from './dto/examples';

@ApiTags('claims')
@Roles('company')
@Controller()
export class ClaimsExportController {
  constructor(private readonly query: ClaimsQuery) {}

  @Get('claims.csv')
  @ApiOperation({
    summary: "Every one of the caller's claims as CSV, streamed",
    description: 'Same filters as GET /claims; rows in creation order; amounts in minor units.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'RFC 4180 CSV with a header line',
    content: {
      'text/csv': {
        schema: { type: 'string' },
        example:
          csvHeader(CLAIMS_CSV_COLUMNS) +
          `${EXAMPLE.claimId},${EXAMPLE.invoiceNumber},${EXAMPLE.buyerTaxId},11300,EXP-2026-11-0042,completed,${EXAMPLE.createdAt},${EXAMPLE.createdAt}\r\n`,
      },
    },
  })
  @ApiInvalidRequest('from must be a valid ISO 8601 date string')
  async export(
    @CurrentCaller() caller: Caller,
    @Query() query: ClaimFilterQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    await streamCsv(response, {
      filename: 'claims.csv',
      columns: CLAIMS_CSV_COLUMNS,
      pages: this.query.all(toClaimFilter(buyerTaxIdOf(caller), query)),
      fields: claimCsvFields,
    });
  }
}
