import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponse, CurrentCaller, Roles, type Caller } from '@taxchain/platform';
import { ApiLedgerEntryTampered } from '@taxchain/ledger';
import { buyerTaxIdOf } from '../claims/buyer-tax-id';
import { VerifyQrDto } from './dto/verify-qr.dto';
import { EXAMPLE } from './dto/examples';
import { InvoiceVerificationDto } from './dto/invoice-verification.dto';
import { VerifyBatchResultDto } from './dto/verify-batch-result.dto';
import { InvoiceNumberPipe } from './invoice-number.pipe';
import {
  ApiInvoiceNotFound,
  ApiNotYetVisible,
  CREDIT_NOTE_RULE,
  NOT_FOUND_RULE,
  QR_RULE,
} from './invoices-problems';
import {
  QR_BAD_SIGNATURE_DETAIL,
  QR_UNREADABLE_DETAIL,
  QR_UNSIGNED_DETAIL,
} from './invoices.exception';
import { VerifyBatchDto, VerifyQueryDto } from './dto/verify-query.dto';
import { VerifyInvoice } from './verify-invoice.service';

@ApiTags('invoices')
@Roles('company')
@Controller('invoices')
export class InvoicesController {
  constructor(private readonly verify: VerifyInvoice) {}

  @Get(':number')
  @ApiOperation({
    summary: 'Verify an invoice: state, parties, amounts, merchant signature and ledger proof',
    description: `${NOT_FOUND_RULE}\n\n${CREDIT_NOTE_RULE}`,
  })
  @ApiParam({
    name: 'number',
    description: 'The 20-digit invoice number',
    example: EXAMPLE.invoiceNumber,
  })
  @ApiOkResponse({ type: InvoiceVerificationDto })
  @ApiProblemResponse(400, [
    {
      code: 'validation-failed',
      title: 'Bad Request',
      detail: 'checkCode must be 6 digits',
      errors: ['checkCode must be 6 digits'],
    },
  ])
  @ApiInvoiceNotFound()
  @ApiNotYetVisible()
  @ApiLedgerEntryTampered()
  async one(
    @CurrentCaller() caller: Caller,
    @Param('number', InvoiceNumberPipe) number: string,
    @Query() query: VerifyQueryDto,
  ): Promise<InvoiceVerificationDto> {
    return InvoiceVerificationDto.fromVerification(
      await this.verify.one(number, query.checkCode, buyerTaxIdOf(caller)),
    );
  }

  @Post('verify-qr')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Verify a printed QR code: the tax authority's signature, then every fact it states against the ledger",
    description: QR_RULE,
  })
  @ApiOkResponse({ type: InvoiceVerificationDto })
  @ApiProblemResponse(400, [
    { code: 'qr-unreadable', title: 'Unreadable QR code', detail: QR_UNREADABLE_DETAIL },
    { code: 'qr-unsigned', title: 'Unsigned QR code', detail: QR_UNSIGNED_DETAIL },
  ])
  @ApiProblemResponse(422, [
    {
      code: 'qr-unknown-key',
      title: 'QR code signed by an unknown key',
      detail:
        'The QR code names signing key c4626d75a19776a994702c81eea063f8, which is not a tax authority key.',
    },
    {
      code: 'qr-bad-signature',
      title: 'QR code signature does not verify',
      detail: QR_BAD_SIGNATURE_DETAIL,
    },
    {
      code: 'qr-mismatch',
      title: 'QR code does not match the ledger',
      detail: `The QR code's g is not what the ledger records for document ${EXAMPLE.invoiceNumber}.`,
      extensions: { member: 'g' },
    },
  ])
  // No 404: a number the ledger does not record is qr-mismatch (n), one it does is answered.
  @ApiNotYetVisible()
  @ApiLedgerEntryTampered()
  async qr(
    @CurrentCaller() caller: Caller,
    @Body() body: VerifyQrDto,
  ): Promise<InvoiceVerificationDto> {
    return InvoiceVerificationDto.fromVerification(
      await this.verify.byQr(body.qr, buyerTaxIdOf(caller)),
    );
  }

  @Post('verify-batch')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Verify up to 500 invoices at once (read model only; proofs through GET /invoices/{number})',
  })
  @ApiOkResponse({ type: VerifyBatchResultDto })
  @ApiProblemResponse(400, [
    {
      code: 'validation-failed',
      title: 'Bad Request',
      detail: 'invoices must contain no more than 500 elements',
      errors: ['invoices must contain no more than 500 elements'],
    },
  ])
  async batch(@Body() body: VerifyBatchDto): Promise<VerifyBatchResultDto> {
    return VerifyBatchResultDto.from(await this.verify.batch(body.invoices));
  }
}
