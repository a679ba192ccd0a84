import { ApiProperty } from '@nestjs/swagger';
import { EXAMPLE } from '../../common/examples';
import type { InvoiceReceipt } from '../invoice-receipt';

export class InvoiceReceiptDto {
  @ApiProperty({
    description: 'YY + province (2) + channel (1) + 15-digit sequence',
    example: EXAMPLE.invoiceNumber,
  })
  invoiceNumber!: string;

  @ApiProperty({
    description: '6-digit verification code printed on the invoice',
    example: EXAMPLE.checkCode,
  })
  checkCode!: string;

  @ApiProperty({
    description: 'Hash of the ledger entry that records the issue',
    example: EXAMPLE.entryHash,
  })
  entryHash!: string;

  @ApiProperty({ enum: ['issued', 'voided'], example: 'issued' })
  status!: string;

  @ApiProperty({ example: `/invoices/${EXAMPLE.invoiceNumber}/proof` })
  proofUrl!: string;

  @ApiProperty({
    description: 'Whether the buyer is registered here and can reimburse it',
    example: true,
  })
  buyerRegistered!: boolean;

  /** The same body for the first answer and every replay, so a retry sees what it missed. */
  static from(receipt: InvoiceReceipt): InvoiceReceiptDto {
    const { invoiceNumber, checkCode, entryHash, status, proofUrl, buyerRegistered } = receipt;
    return { invoiceNumber, checkCode, entryHash, status, proofUrl, buyerRegistered };
  }
}
