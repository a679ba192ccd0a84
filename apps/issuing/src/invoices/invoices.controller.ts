import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  applyDecorators,
} from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ApiInvalidCursor,
  ApiProblemResponse,
  CurrentCaller,
  Roles,
  type Caller,
} from '@taxchain/platform';
import { ApiLedgerEntryTampered } from '@taxchain/ledger';
import { EXAMPLE, EXAMPLE_INVOICE, EXAMPLE_VOID } from '../common/examples';
import { merchantOf, merchantTaxId } from '../common/merchant-tax-id';
import { CreditInvoiceService } from './credit-invoice.service';
import { InvoiceDto, InvoicePageDto } from './dto/invoice.dto';
import { InvoiceReceiptDto } from './dto/invoice-receipt.dto';
import { ListInvoicesQueryDto } from './dto/list-invoices.query';
import { SignedInvoiceDto } from './dto/signed-invoice.dto';
import { SignedVoidDto } from './dto/signed-void.dto';
import { SubjectProofDto } from './dto/subject-proof.dto';
import { InvoiceQueriesService } from './invoice-queries.service';
import type { InvoiceReceipt } from './invoice-receipt';
import { ApiInvoiceNotFound, ApiSignedDocumentProblems } from './invoice-problems';
import { IssueInvoiceService } from './issue-invoice.service';
import { VoidInvoiceService } from './void-invoice.service';

const invoiceNumber = ApiParam({ name: 'number', example: EXAMPLE.invoiceNumber });
const ApiReceipt = () =>
  applyDecorators(
    ApiCreatedResponse({
      type: InvoiceReceiptDto,
      description: 'Issued and recorded on the ledger',
    }),
    ApiOkResponse({
      type: InvoiceReceiptDto,
      description: 'A retry of the same signed document: the original receipt',
    }),
    ApiProblemResponse(409, [
      {
        code: 'document-number-conflict',
        title: 'Document number already used for another invoice',
        detail: `Document number ${EXAMPLE.documentNumber} was used for invoice ${EXAMPLE.invoiceNumber}, with different content.`,
        extensions: { invoiceNumber: EXAMPLE.invoiceNumber },
      },
    ]),
    ...ApiSignedDocumentProblems(),
  );

@ApiTags('invoices')
@Roles('merchant')
@Controller('invoices')
export class InvoicesController {
  constructor(
    private readonly issuing: IssueInvoiceService,
    private readonly crediting: CreditInvoiceService,
    private readonly voiding: VoidInvoiceService,
    private readonly queries: InvoiceQueriesService,
  ) {}

  @Post()
  @ApiBody({
    type: SignedInvoiceDto,
    examples: {
      invoice: {
        summary: 'Signed by the demo key (secret 0x01 × 32)',
        value: { invoice: EXAMPLE_INVOICE, signature: EXAMPLE.invoiceSignature },
      },
    },
  })
  @ApiOperation({ summary: 'Issue an invoice you signed; idempotent on your document number' })
  @ApiReceipt()
  async issue(
    @CurrentCaller() caller: Caller,
    @Body() body: SignedInvoiceDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<InvoiceReceiptDto> {
    return answer(response, await this.issuing.issue(merchantOf(caller), body));
  }

  @Get()
  @ApiOperation({ summary: 'Your invoices and credit notes, oldest first, a page at a time' })
  @ApiOkResponse({ type: InvoicePageDto })
  @ApiInvalidCursor()
  async list(
    @CurrentCaller() caller: Caller,
    @Query() query: ListInvoicesQueryDto,
  ): Promise<InvoicePageDto> {
    const { status, from, to, buyer, cursor, limit } = query;
    const page = await this.queries.list(
      merchantTaxId(caller),
      { status, from, to, buyerTaxId: buyer },
      { cursor, limit },
    );
    return InvoicePageDto.from(page);
  }

  @Get(':number')
  @ApiOperation({ summary: 'One of your invoices, with the document as signed' })
  @invoiceNumber
  @ApiOkResponse({ type: InvoiceDto })
  @ApiInvoiceNotFound()
  async get(@CurrentCaller() caller: Caller, @Param('number') number: string): Promise<InvoiceDto> {
    return InvoiceDto.from(await this.queries.get(merchantTaxId(caller), number));
  }

  @Get(':number/proof')
  @ApiOperation({
    summary: 'Ledger entries of the invoice with inclusion proofs (pending until checkpointed)',
    description:
      "For a credit note, by its own number: the `invoice.credited` entry that records it (its `subject` is the original invoice's number, its payload's `creditNoteNumber` this one), never the original's bundle.",
  })
  @invoiceNumber
  @ApiOkResponse({ type: SubjectProofDto })
  @ApiInvoiceNotFound()
  @ApiLedgerEntryTampered()
  async proof(
    @CurrentCaller() caller: Caller,
    @Param('number') number: string,
  ): Promise<SubjectProofDto> {
    return this.queries.proof(merchantTaxId(caller), number);
  }

  @Post(':number/void')
  @ApiBody({
    type: SignedVoidDto,
    examples: {
      void: {
        summary: 'Signed by the demo key (secret 0x01 × 32)',
        value: { document: EXAMPLE_VOID, signature: EXAMPLE.voidSignature },
      },
    },
  })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Void an unclaimed invoice without credit notes, on your signed instruction',
  })
  @invoiceNumber
  @ApiOkResponse({ type: InvoiceDto })
  @ApiInvoiceNotFound()
  @ApiProblemResponse(409, [
    {
      code: 'invoice-voided',
      title: 'Invoice is voided',
      detail: `Invoice ${EXAMPLE.invoiceNumber} is already voided.`,
    },
    {
      code: 'invoice-claimed',
      title: 'Invoice is claimed for reimbursement',
      detail: `Invoice ${EXAMPLE.invoiceNumber} is claimed; it can no longer be voided or credited.`,
    },
    {
      code: 'invoice-credited',
      title: 'Invoice has credit notes',
      detail: `Invoice ${EXAMPLE.invoiceNumber} has credit notes; credit the rest instead.`,
    },
  ])
  @ApiProblemResponse(422, [
    {
      code: 'bad-signature',
      title: 'Signature does not verify',
      detail:
        'The signature does not verify over the canonical JSON of the void document with the key it names.',
    },
  ])
  async void(
    @CurrentCaller() caller: Caller,
    @Param('number') number: string,
    @Body() body: SignedVoidDto,
  ): Promise<InvoiceDto> {
    return InvoiceDto.from(await this.voiding.void(merchantTaxId(caller), number, body));
  }

  @Post(':number/credit-notes')
  @ApiBody({
    type: SignedInvoiceDto,
    description:
      'A document of kind credit-note naming this invoice; amounts are what is taken back.',
    examples: {
      creditNote: {
        summary: 'Takes back one tin (signature shown is a placeholder: sign your own document)',
        value: {
          invoice: {
            ...EXAMPLE_INVOICE,
            kind: 'credit-note',
            documentNumber: 'CN-2026-000012',
            creditedInvoiceNumber: EXAMPLE.invoiceNumber,
            lines: [{ ...EXAMPLE_INVOICE.lines[0], quantity: '1', amount: '1250', tax: '163' }],
            totals: { net: '1250', tax: '163', gross: '1413' },
          },
          signature: EXAMPLE.invoiceSignature,
        },
      },
    },
  })
  @ApiOperation({
    summary: 'Issue a credit note (red-letter invoice) for part or all of an invoice',
    description: [
      'The credit note is a document of its own: it gets its own number and check code, and its own',
      "`invoice.credited` ledger entry, recorded on the original invoice's subject (so the original's",
      'history shows what remains). Its amounts are positive in the signed document: they say how',
      'much is taken back; reads and exports show them negative.',
      '',
      'Rules, checked in this order (422 naming the first line that breaks one, nothing written):',
      "1. The credit note names the original's buyer and currency (`credit-mismatch`).",
      '2. Each line reverses something the original had: a line of the original with the same',
      '   `taxRate` and the same item `description` (`credit-line-unmatched`, with `line`).',
      "3. Per tax rate, the credit note's net and tax, added to those of the credit notes already",
      "   issued against the original, may not exceed the original's net and tax at that rate",
      '   (`credit-exceeds-remaining`, with `line`, `taxRate`, `remainingNet`, `remainingTax`). Tax is',
      '   rounded per line, so crediting one unit at a time can leave a fen of tax that a last unit',
      '   alone would overshoot: credit the remaining units in one line.',
      '',
      'A voided or claimed original is refused with 409.',
    ].join('\n'),
  })
  @invoiceNumber
  @ApiReceipt()
  @ApiInvoiceNotFound()
  @ApiProblemResponse(409, [
    {
      code: 'invoice-voided',
      title: 'Invoice is voided',
      detail: `Invoice ${EXAMPLE.invoiceNumber} is voided.`,
    },
    {
      code: 'invoice-claimed',
      title: 'Invoice is claimed for reimbursement',
      detail: `Invoice ${EXAMPLE.invoiceNumber} is claimed; it can no longer be voided or credited.`,
    },
  ])
  @ApiProblemResponse(422, [
    {
      code: 'credit-mismatch',
      title: 'Credit note does not match the credited invoice',
      detail: `A credit note must name the original's buyer (${EXAMPLE.buyerTaxId}) and currency (CNY).`,
    },
    {
      code: 'credit-line-unmatched',
      title: 'Credited line reverses nothing on the invoice',
      detail: `lines[0] is at tax rate 0.13; invoice ${EXAMPLE.invoiceNumber} charged only 0.06.`,
      extensions: { line: 0 },
    },
    {
      code: 'credit-exceeds-remaining',
      title: 'Credit exceeds the remaining amount',
      detail: `lines[0] takes the credit at tax rate 0.13 to net 2500, tax 325; invoice ${EXAMPLE.invoiceNumber} has net 1250, tax 163 left to credit at that rate.`,
      extensions: { line: 0, taxRate: '0.13', remainingNet: '1250', remainingTax: '163' },
    },
  ])
  async credit(
    @CurrentCaller() caller: Caller,
    @Param('number') number: string,
    @Body() body: SignedInvoiceDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<InvoiceReceiptDto> {
    return answer(response, await this.crediting.credit(merchantOf(caller), number, body));
  }
}

/** 201 for a new invoice, 200 for a replay: the body is the same either way. */
function answer(response: Response, receipt: InvoiceReceipt): InvoiceReceiptDto {
  response.status(receipt.replayed ? 200 : 201);
  return InvoiceReceiptDto.from(receipt);
}
