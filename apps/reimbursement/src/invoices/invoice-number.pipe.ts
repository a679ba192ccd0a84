import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { INVOICE_NUMBER } from './dto/verify-query.dto';

/** A path invoice number, refused as a field error like the body's are. */
@Injectable()
export class InvoiceNumberPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!INVOICE_NUMBER.test(value)) throw new BadRequestException(['number must be 20 digits']);
    return value;
  }
}
