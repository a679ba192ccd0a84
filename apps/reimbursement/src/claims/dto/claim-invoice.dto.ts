import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { OptionalMember } from '@taxchain/platform';
import { EXAMPLE } from './examples';

export class ClaimInvoiceDto {
  @ApiProperty({
    description: 'The 20-digit platform invoice number.',
    example: EXAMPLE.invoiceNumber,
  })
  @Matches(/^\d{20}$/, { message: 'invoiceNumber must be 20 digits' })
  invoiceNumber!: string;

  @ApiProperty({
    description: 'The 6-digit check code printed on the invoice.',
    example: EXAMPLE.checkCode,
  })
  @Matches(/^\d{6}$/, { message: 'checkCode must be 6 digits' })
  checkCode!: string;

  @ApiPropertyOptional({
    description: "The company's own expense report reference, kept with the claim.",
    example: 'EXP-2026-11-0042',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  expenseReference?: string;

  @ApiPropertyOptional({
    description:
      'Minor units to reimburse, an integer string; by default everything credit notes left of the gross.',
    example: '11300',
  })
  @OptionalMember()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'amount must be a positive integer string (minor units)' })
  amount?: string;
}
