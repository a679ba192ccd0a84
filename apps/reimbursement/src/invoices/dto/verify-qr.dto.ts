import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { EXAMPLE } from './examples';

export class VerifyQrDto {
  @ApiProperty({
    description: 'The text of the QR code printed on the invoice, as scanned',
    maxLength: 2_000,
    example: JSON.stringify({
      v: 1,
      n: EXAMPLE.invoiceNumber,
      c: EXAMPLE.checkCode,
      h: EXAMPLE.entryHash,
      u: `http://127.0.0.1:3002/check?number=${EXAMPLE.invoiceNumber}&date=2026-11-23&code=${EXAMPLE.checkCode}&amount=113.00`,
    }),
  })
  @IsString()
  @MaxLength(2_000)
  qr!: string;
}
