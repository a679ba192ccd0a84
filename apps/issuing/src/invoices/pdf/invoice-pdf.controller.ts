import { Controller, Get, Header, Param, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles, type Caller } from '@taxchain/platform';
import { EXAMPLE } from '../../common/examples';
import { merchantTaxId } from '../../common/merchant-tax-id';
import { ApiInvoiceNotFound } from '../invoice-problems';
import { InvoicePdfService } from './invoice-pdf.service';

const pdfResponse = ApiOkResponse({
  description:
    'The printable document (A4) laid out as a 数电票: 电子发票（普通发票）or（增值税专用发票）, buyer left and seller right, 价税合计 in capital numerals, a credit note negative with 被红冲蓝字发票号码 in 备注, a voided one stamped 作废; with a QR code for verification at PUBLIC_VERIFY_URL',
  content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
});

/** The printable invoice, at `/invoices/{number}.pdf` and `/invoices/{number}/pdf`. */
@ApiTags('invoices')
@Roles('merchant')
@Controller('invoices')
export class InvoicePdfController {
  constructor(private readonly pdfs: InvoicePdfService) {}

  @Get(':number.pdf')
  @ApiOperation({ summary: 'One of your invoices as a printable PDF' })
  @ApiParam({ name: 'number', example: EXAMPLE.invoiceNumber })
  @ApiProduces('application/pdf')
  @pdfResponse
  @ApiInvoiceNotFound()
  @Header('Content-Type', 'application/pdf')
  pdf(@CurrentCaller() caller: Caller, @Param('number') number: string): Promise<StreamableFile> {
    return this.file(caller, number);
  }

  @Get(':number/pdf')
  @ApiOperation({ summary: 'The same PDF, for clients that cannot put an extension on a path' })
  @ApiParam({ name: 'number', example: EXAMPLE.invoiceNumber })
  @ApiProduces('application/pdf')
  @pdfResponse
  @ApiInvoiceNotFound()
  @Header('Content-Type', 'application/pdf')
  pdfAlias(
    @CurrentCaller() caller: Caller,
    @Param('number') number: string,
  ): Promise<StreamableFile> {
    return this.file(caller, number);
  }

  private async file(caller: Caller, number: string): Promise<StreamableFile> {
    const bytes = await this.pdfs.render(merchantTaxId(caller), number);
    return new StreamableFile(bytes, {
      type: 'application/pdf',
      disposition: `inline; filename="${number}.pdf"`,
    });
  }
}
