import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentCaller, Roles, type Caller } from '@taxchain/platform';
import { NOT_FOUND_RULE } from '../invoices/invoices-problems';
import { buyerTaxIdOf } from './buyer-tax-id';
import { ClaimInvoice } from './claim-invoice.usecase';
import { ApiClaimRefusals, ApiInvalidListQuery, ApiSettleRefusals } from './claims-problems';
import { ClaimsQuery } from './claims-query.service';
import { ClaimInvoiceDto } from './dto/claim-invoice.dto';
import { ClaimDto, ClaimPageDto } from './dto/claim.dto';
import { EXAMPLE } from './dto/examples';
import { ListClaimsQueryDto } from './dto/list-claims-query.dto';
import { toClaimFilter } from './dto/to-claim-filter';
import { SettleClaim, type Settlement } from './settle-claim.usecase';

const ApiClaimId = () =>
  ApiParam({
    name: 'id',
    description: 'The claim id POST /claims returned',
    example: EXAMPLE.claimId,
  });

@ApiTags('claims')
@Roles('company')
@Controller('claims')
export class ClaimsController {
  constructor(
    private readonly claimInvoice: ClaimInvoice,
    private readonly settleClaim: SettleClaim,
    private readonly query: ClaimsQuery,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Claim an invoice for reimbursement',
    description:
      'Only the buyer named on the invoice may claim it, and only one claim can hold an invoice. ' +
      'A claim on an already reimbursed invoice is refused and recorded on the ledger. ' +
      'A credit note is never claimable: 422 `not-claimable`. ' +
      "Decided on the ledger's word, not the service's copy of the invoice: the check code, buyer " +
      "and gross of the invoice.issued entry the merchant signed, and the ledger's voids and " +
      'credits (its invoice.voided and invoice.credited entries). Each of those entries is read ' +
      'only when it matches its hash: one that does not (its payload or fields edited in place) is ' +
      '409 `ledger-entry-tampered`, naming it, with nothing written.\n\n' +
      NOT_FOUND_RULE,
  })
  @ApiCreatedResponse({ type: ClaimDto })
  @ApiClaimRefusals()
  async claim(@CurrentCaller() caller: Caller, @Body() body: ClaimInvoiceDto): Promise<ClaimDto> {
    const claim = await this.claimInvoice.execute({
      invoiceNumber: body.invoiceNumber,
      checkCode: body.checkCode,
      buyerTaxId: buyerTaxIdOf(caller),
      amount: body.amount === undefined ? undefined : BigInt(body.amount),
      expenseReference: body.expenseReference,
    });
    return ClaimDto.from(claim);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiClaimId()
  @ApiOperation({
    summary: 'Complete an active claim: the invoice is reimbursed, for good',
    description:
      "Refused 409 `invoice-voided` when the ledger records the invoice's void (an " +
      "invoice.voided entry), whatever the service's copy of the invoice says; the claim stays " +
      'active, to be released. An invoice.voided or invoice.credited entry of the invoice that no ' +
      'longer matches its hash is 409 `ledger-entry-tampered`: the ledger cannot say either way.',
  })
  @ApiOkResponse({ type: ClaimDto })
  @ApiSettleRefusals()
  complete(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ClaimDto> {
    return this.settle(caller, id, 'complete');
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiClaimId()
  @ApiOperation({ summary: 'Release an active claim: the invoice may be claimed again' })
  @ApiOkResponse({ type: ClaimDto })
  @ApiSettleRefusals()
  release(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ClaimDto> {
    return this.settle(caller, id, 'release');
  }

  @Get()
  @ApiOperation({ summary: "The caller's own claims, oldest first, a page at a time" })
  @ApiOkResponse({ type: ClaimPageDto })
  @ApiInvalidListQuery()
  async list(
    @CurrentCaller() caller: Caller,
    @Query() query: ListClaimsQueryDto,
  ): Promise<ClaimPageDto> {
    const page = await this.query.list(toClaimFilter(buyerTaxIdOf(caller), query), query);
    return ClaimPageDto.from(page);
  }

  private async settle(caller: Caller, claimId: string, settlement: Settlement): Promise<ClaimDto> {
    const claim = await this.settleClaim.execute({
      claimId,
      buyerTaxId: buyerTaxIdOf(caller),
      settlement,
    });
    return ClaimDto.from(claim);
  }
}
