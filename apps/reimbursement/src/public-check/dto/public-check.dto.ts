import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsCalendarDate } from '@taxchain/platform';
import { Matches } from 'class-validator';
import { EXAMPLE } from '../../invoices/dto/examples';
import { CHECK_CODE, INVOICE_NUMBER } from '../../invoices/dto/verify-query.dto';

/** Major units, exactly two decimals, no sign, separators or currency: "1234.56". */
export const PUBLIC_AMOUNT = /^(0|[1-9]\d{0,15})\.\d{2}$/;

const DESCRIPTION = {
  number: 'The 20-digit invoice number (发票号码).',
  date: 'The issue date (开票日期), YYYY-MM-DD.',
  code: 'The 6-digit check code (校验码).',
  amount:
    'The printed gross (价税合计, 小写) in major units of the invoice currency: digits, a dot and ' +
    'exactly two decimals, with no currency sign, thousands separator or spaces. ' +
    '¥1,399.18 is "1399.18"; ¥100 is "100.00".',
};
/** Each fact's refusal, as the 400 problem's `errors` list it. */
export const CHECK_FACT_MESSAGES = {
  number: 'number must be 20 digits',
  date: 'date must be YYYY-MM-DD',
  code: 'code must be 6 digits',
  amount: 'amount must be the gross in yuan with two decimals, such as 1399.18',
};

/** The four facts printed on an invoice, as POST /public/check takes them. */
export class PublicCheckDto {
  @ApiProperty({ description: DESCRIPTION.number, example: EXAMPLE.invoiceNumber })
  @Matches(INVOICE_NUMBER, { message: CHECK_FACT_MESSAGES.number })
  number!: string;

  @ApiProperty({ description: DESCRIPTION.date, example: '2026-11-23' })
  @IsCalendarDate(CHECK_FACT_MESSAGES.date)
  date!: string;

  @ApiProperty({ description: DESCRIPTION.code, example: EXAMPLE.checkCode })
  @Matches(CHECK_CODE, { message: CHECK_FACT_MESSAGES.code })
  code!: string;

  @ApiProperty({ description: DESCRIPTION.amount, example: '113.00' })
  @Matches(PUBLIC_AMOUNT, { message: CHECK_FACT_MESSAGES.amount })
  amount!: string;
}

/** The same facts as query parameters of the check page; any may be missing (an empty form). */
export class CheckPageQueryDto extends PartialType(PublicCheckDto) {}
