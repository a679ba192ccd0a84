import { Controller, Get, Header, Param, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles, type Caller } from '@taxchain/platform';
import { EXAMPLE } from '../../common/examples';
import { merchantTaxId } from '../../common/merchant-tax-id';
import { ApiInvoiceNotFound } from '../invoice-problems';
import { InvoicePdfService } from './invoice-pdf.service';

const pdfResponse = ApiOkResponse({
  description: 'The printable invoice (A4) with its QR code',
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
