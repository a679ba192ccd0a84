import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { EXAMPLE_QR } from './examples';

export class VerifyQrDto {
  @ApiProperty({
    description:
      "The text of the QR code printed on the invoice, as scanned: the tax authority's signed statement (docs/spec/qr.md, version 2)",
    maxLength: 2_000,
    example: EXAMPLE_QR,
  })
  @IsString()
  @MaxLength(2_000)
  qr!: string;
}
